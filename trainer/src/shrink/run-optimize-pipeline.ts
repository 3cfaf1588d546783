import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelLineage, ModelRef } from '@edgeml/shared';
import { loadMnist } from '../data/load-mnist.ts';
import { publishVersion } from '../pipeline/publish-version.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { selectBackend } from '../tf.ts';
import type { OptimizeConfig } from './optimize-config.ts';
import { pruneStep } from './steps/prune-step.ts';
import { quantizeStep } from './steps/quantize-step.ts';
import type { StepContext, StepResult } from './steps/step-context.ts';
import { studentStep } from './steps/student-step.ts';
import { teacherStep } from './steps/teacher-step.ts';
import { VARIANTS_FILE, type VariantsFile, type VariantSummary } from './variant-summary.ts';

export interface OptimizePipelineParams {
  config: OptimizeConfig;
  /** Folder for the variants (`teacher/`, `student/`, `pruned/`, `int8/`) and `variants.json`. */
  outDir: string;
  /** Publishes every variant, each under its own model name, when given. */
  store?: ObjectStore;
  log?: (line: string) => void;
}

export interface OptimizePipelineResult {
  variants: VariantSummary[];
  /** Path of `variants.json`. */
  file: string;
}

/**
 * Teacher → distilled student → pruned student → int8 export, each kept in its own folder and
 * (with a store) published as its own model with its kind and lineage in the manifest.
 */
export async function runOptimizePipeline(params: OptimizePipelineParams): Promise<OptimizePipelineResult> {
  const { config } = params;
  const outDir = path.resolve(params.outDir);
  const log = params.log ?? (() => {});
  await mkdir(outDir, { recursive: true });
  const backend = await selectBackend();
  log(`backend: ${backend.name}`);
  // Each float variant's tfjs model is kept until publishing: it cross-checks its golden vectors.
  const results: StepResult[] = [];
  try {
    const teacher = await teacherStep(config, outDir, log);
    results.push(teacher);
    const data = await loadMnist({ trainLimit: config.trainLimit, testLimit: config.testLimit, validationFraction: config.validationFraction, seed: config.seed });
    log(`data: ${data.train.count} train, ${data.validation.count} validation, ${data.test.count} test images`);
    const context: StepContext = { config, outDir, data, backend, log };
    const student = await studentStep(context, teacher.model!);
    results.push(student);
    const pruned = await pruneStep(context, student);
    results.push(pruned);
    // No `maxLostPoints` here: an int8 variant is always made.
    const int8 = await quantizeStep(context, { ...pruned, model: pruned.model! });
    if (int8) results.push(int8);
    if (params.store) await publishAll(params.store, results, log);
  } finally {
    for (const result of results) result.model?.dispose();
  }
  const variants = results.map((result) => result.summary);
  const file = path.join(outDir, VARIANTS_FILE);
  const summary: VariantsFile = { createdAt: new Date().toISOString(), config, variants };
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
  return { variants, file };
}

/** Publishes in chain order, so each manifest can name the version it came from. */
async function publishAll(store: ObjectStore, results: StepResult[], log: (line: string) => void): Promise<void> {
  let teacher: ModelRef | undefined;
  let parent: ModelRef | undefined;
  for (const result of results) {
    const { summary } = result;
    const lineage: ModelLineage | undefined =
      summary.kind === 'teacher' ? undefined : { ...summary.lineage, parent, ...(summary.kind === 'student' ? { teacher } : {}) };
    const source = { onnx: result.onnx, ...(result.model ? { model: result.model } : {}) };
    const manifest = await publishVersion({ store, source, run: result.run, name: summary.name, variant: summary.variant, lineage });
    const ref = { name: manifest.name, version: manifest.version };
    summary.published = ref;
    summary.lineage = manifest.lineage;
    log(`published ${ref.name}@${ref.version} to ${store.description}`);
    if (summary.kind === 'teacher') teacher = ref;
    parent = ref;
  }
}
