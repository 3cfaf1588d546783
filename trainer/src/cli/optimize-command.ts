import { type Architecture } from '@edgeml/shared';
import path from 'node:path';
import { buildVariantsReport } from '../variants-report/build-variants-report.ts';
import { renderVariantsReport } from '../variants-report/render-variants-report.ts';
import { writeVariantsReport } from '../variants-report/write-variants-report.ts';
import { loadRunConfig } from '../config/load-run-config.ts';
import { ARCHITECTURES } from '../models/build-model.ts';
import { QUANTIZATION_MODES } from '../onnx/quantize/export-quantized-onnx.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { DEFAULT_OPTIMIZE_CONFIG, QUICK_OPTIMIZE_CONFIG, type OptimizeConfig } from '../shrink/optimize-config.ts';
import { runOptimizePipeline } from '../shrink/run-optimize-pipeline.ts';
import { BACKEND_FLAG, selectBackendFlag, STORE_FLAGS } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag, type FlagValues } from './flag-spec.ts';
import { openStore } from './open-store.ts';

const share = (max: number) => ({ type: 'number', min: 0, max }) as const;

const FLAGS = {
  out: { type: 'string', placeholder: 'DIR', help: 'default .artifacts/optimize/<time>' },
  quick: { type: 'boolean', help: 'small sizes for a smoke run (3,000 training images, few epochs)' },
  seed: { ...integerFlag(0), help: 'default 42' },
  'train-limit': { ...integerFlag(1), help: 'training images for every step (default all 55,000)' },
  'test-limit': { ...integerFlag(1), help: 'test images for the manifests\' metrics (default all 10,000)' },
  'teacher-run': { type: 'string', placeholder: 'DIR', help: 'reuse a trained run as the teacher (skips teacher training)' },
  'teacher-epochs': { ...integerFlag(1), help: 'default 3' },
  'teacher-config': { type: 'string', placeholder: 'FILE', help: 'run config for the teacher (as trainer train --config)' },
  'student-arch': { type: 'enum', values: Object.keys(ARCHITECTURES) as Architecture[], aliases: ['student-architecture'], help: 'default small-cnn' },
  'student-epochs': { ...integerFlag(1), help: 'default 4' },
  temperature: { type: 'number', min: 0, exclusiveMin: true, placeholder: 'T', help: 'distillation temperature (default 4)' },
  alpha: { ...share(1), placeholder: 'A', help: 'weight of the teacher\'s soft targets (default 0.7)' },
  sparsity: { ...share(0.99), placeholder: 'S', help: 'share of weights pruned (default 0.5)' },
  'prune-epochs': { ...integerFlag(0), help: 'default 1' },
  'prune-scope': { type: 'enum', values: ['layer', 'global'], help: 'default global' },
  'prune-schedule': { type: 'enum', values: ['one-shot', 'gradual'], help: 'default gradual' },
  quantization: { type: 'enum', values: ['auto', ...QUANTIZATION_MODES], help: 'default auto: the fastest in onnxruntime-web' },
  'calibration-samples': { ...integerFlag(1), help: 'default 512' },
  publish: { type: 'boolean', help: 'publish every variant' },
  ...STORE_FLAGS,
  'skip-report': { type: 'boolean', help: 'do not measure and write the variants report' },
  backend: BACKEND_FLAG,
} as const;

export const optimizeCommand = defineCommand({
  name: 'optimize',
  description: `Trains a teacher (MNISTNet), distils a small student from it, prunes the student and exports it
as int8 ONNX; writes each to <out>/{teacher,student,pruned,int8}/ and <out>/variants.json, publishes
them (--publish) as mnist-teacher, mnist-student, mnist-pruned and mnist-int8, and writes the
variants report to reports/. At full sizes the teacher takes most of the time: MNISTNet trains
at ~440 images/s with the native kernels on 2 CPU cores (~2 min per epoch of 55,000 images; ~90
images/s, ~10 min per epoch, on wasm alone); reuse a trained teacher with --teacher-run. --quick
runs every step in about 5 minutes.`,
  flags: FLAGS,
  async run(values) {
    await selectBackendFlag(values.backend);
    const config = await optimizeConfigFromFlags(values);
    const outDir = values.out ?? path.join('.artifacts', 'optimize', new Date().toISOString().replace(/[:.]/g, '-'));
    const log = (line: string) => console.error(line);
    let store: ObjectStore | undefined;
    if (values.publish) store = await openStore(values.target, values['persist-to']);
    let result;
    try {
      result = await runOptimizePipeline({ config, outDir, store, log });
    } finally {
      await store?.close();
    }
    console.log(`variants: ${result.file}`);
    if (!values['skip-report']) {
      const report = await buildVariantsReport(result.file, { log });
      const written = await writeVariantsReport(report);
      console.log(renderVariantsReport(report));
      console.log(`report: ${written.markdown} (${written.json})`);
    }
  },
});

/** The default (or --quick) config with the flags applied. */
export async function optimizeConfigFromFlags(values: Partial<FlagValues<typeof FLAGS>>): Promise<OptimizeConfig> {
  const base = values.quick ? QUICK_OPTIMIZE_CONFIG : DEFAULT_OPTIMIZE_CONFIG;
  return {
    ...base,
    seed: values.seed ?? base.seed,
    trainLimit: values['train-limit'] ?? base.trainLimit,
    testLimit: values['test-limit'] ?? base.testLimit,
    teacher: {
      ...base.teacher,
      run: values['teacher-run'] ?? base.teacher.run,
      epochs: values['teacher-epochs'] ?? base.teacher.epochs,
      config: values['teacher-config'] ? await loadRunConfig(values['teacher-config']) : base.teacher.config,
    },
    student: {
      ...base.student,
      architecture: values['student-arch'] ?? base.student.architecture,
      epochs: values['student-epochs'] ?? base.student.epochs,
      temperature: values.temperature ?? base.student.temperature,
      alpha: values.alpha ?? base.student.alpha,
    },
    pruned: {
      ...base.pruned,
      sparsity: values.sparsity ?? base.pruned.sparsity,
      epochs: values['prune-epochs'] ?? base.pruned.epochs,
      scope: values['prune-scope'] ?? base.pruned.scope,
      schedule: values['prune-schedule'] ?? base.pruned.schedule,
    },
    int8: {
      ...base.int8,
      mode: values.quantization ?? base.int8.mode,
      calibrationSamples: values['calibration-samples'] ?? base.int8.calibrationSamples,
    },
  };
}
