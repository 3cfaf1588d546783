import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ModelManifest } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPublishedManifest } from '@edgeml/trainer/pipeline/find-published-manifest';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { DEFAULT_OPTIMIZE_CONFIG, type OptimizeConfig } from '@edgeml/trainer/shrink/optimize-config';
import { runOptimizePipeline, type OptimizePipelineResult } from '@edgeml/trainer/shrink/run-optimize-pipeline';
import type { VariantsFile } from '@edgeml/trainer/shrink/variant-summary';
import { selectBackend } from '@edgeml/trainer/tf';
import { REPO_ROOT } from '../support/published-model.ts';

/**
 * Every step at small sizes: the point is the chain, the files and the manifests, not accuracy. Enough
 * data that the pruned model is past the barely-trained stage (384 images left it at ~64%, where int8
 * rounding flipped 4 of 300 borderline test images in one CI run).
 */
const CONFIG: OptimizeConfig = {
  ...DEFAULT_OPTIMIZE_CONFIG,
  seed: 3,
  trainLimit: 2000,
  testLimit: 1000,
  validationFraction: 0.01,
  teacher: { ...DEFAULT_OPTIMIZE_CONFIG.teacher, epochs: 1, learningRate: 0.002 },
  student: { ...DEFAULT_OPTIMIZE_CONFIG.student, epochs: 2 },
  pruned: { ...DEFAULT_OPTIMIZE_CONFIG.pruned, epochs: 1, sparsity: 0.6 },
  int8: { ...DEFAULT_OPTIMIZE_CONFIG.int8, calibrationSamples: 128 },
};

let outDir: string;
let persistDir: string;
let result: OptimizePipelineResult;
const manifests = new Map<string, ModelManifest>();

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  outDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-optimize-'));
  persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-optimize-r2-'));
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    result = await runOptimizePipeline({ config: CONFIG, outDir, store, log: (line) => console.log(line) });
    for (const name of ['mnist-teacher', 'mnist-student', 'mnist-pruned', 'mnist-int8']) {
      const manifest = await findPublishedManifest(store, name);
      if (manifest?.task === 'image-classification') manifests.set(name, manifest);
    }
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  for (const dir of [outDir, persistDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('trainer optimize pipeline (toy sizes)', () => {
  it('makes teacher → student → pruned → int8 and lists them in variants.json', async () => {
    expect(result.variants.map((v) => v.kind)).toEqual(['teacher', 'student', 'pruned', 'quantized']);
    const file = JSON.parse(await readFile(result.file, 'utf8')) as VariantsFile;
    expect(file.variants.map((v) => v.published?.name)).toEqual(['mnist-teacher', 'mnist-student', 'mnist-pruned', 'mnist-int8']);
    const [teacher, student] = result.variants;
    expect(student!.parameters * 10).toBeLessThanOrEqual(teacher!.parameters);
    // Each training example went through the teacher exactly once.
    expect(student!.details.teacherPasses).toBe(CONFIG.trainLimit);
  });

  it('publishes every variant as its own production model with its lineage', () => {
    expect([...manifests.keys()]).toEqual(['mnist-teacher', 'mnist-student', 'mnist-pruned', 'mnist-int8']);
    const ref = (name: string) => ({ name, version: manifests.get(name)!.version });
    const [teacher, student, pruned, int8] = [...manifests.values()];
    expect(teacher!.variant).toEqual({ kind: 'teacher' });
    expect(student!.lineage).toEqual({ parent: ref('mnist-teacher'), teacher: ref('mnist-teacher'), temperature: 4, alpha: 0.7 });
    expect(student!.training.method).toBe('distillation');
    expect(pruned!.lineage).toEqual({ parent: ref('mnist-student') });
    expect(int8!.lineage).toEqual({ parent: ref('mnist-pruned') });
    // `auto`: whichever of weight-only and static QDQ onnxruntime-web ran faster here.
    const quantization = int8!.variant?.quantization;
    expect(['weights', 'static']).toContain(quantization?.mode);
    expect(quantization).toMatchObject(quantization?.mode === 'static' ? { activations: 'uint8-static', calibrationSamples: 128 } : { activations: 'float' });
    // Toy sizes: the teacher sees 6 batches; the student also learns from the labels.
    expect(teacher!.metrics.testAccuracy).toBeGreaterThan(0.1);
    for (const manifest of [student, pruned, int8]) expect(manifest!.metrics.testAccuracy).toBeGreaterThan(0.3);
  });

  it('prunes to the target sparsity, reports it per layer, and the zeros survive into a smaller gzip', async () => {
    const sparsity = manifests.get('mnist-pruned')!.variant!.sparsity!;
    expect(sparsity.achieved).toBeCloseTo(0.6, 2);
    expect(sparsity.layers.map((l) => l.layer)).toEqual(['conv1', 'conv2', 'logits']);
    const zeros = sparsity.layers.reduce((n, l) => n + l.zeros, 0);
    const weights = sparsity.layers.reduce((n, l) => n + l.weights, 0);
    expect(zeros / weights).toBeCloseTo(sparsity.achieved, 6);
    const [student, pruned] = [result.variants[1]!, result.variants[2]!];
    const gzip = async (file: string) => gzipSync(await readFile(file)).length;
    expect(await gzip(pruned.onnxFile)).toBeLessThan(0.8 * (await gzip(student.onnxFile)));
  });

  it('exports the int8 variant in at most 30% of the pruned model bytes, within a point of its accuracy', () => {
    const [pruned, int8] = [manifests.get('mnist-pruned')!, manifests.get('mnist-int8')!];
    expect(int8.artifacts.model.bytes / pruned.artifacts.model.bytes).toBeLessThanOrEqual(0.3);
    // 1,000 test images: one point is 10 of them.
    expect(Math.abs(int8.metrics.testAccuracy! - pruned.metrics.testAccuracy!)).toBeLessThanOrEqual(0.01);
  });
});
