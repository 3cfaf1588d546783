import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { modelManifestSchema, type ModelManifest } from '@edgeml/shared';
import { MNIST_PREPROCESSING } from '@edgeml/trainer/data/load-mnist';
import { exportRun, ONNX_FILE } from '@edgeml/trainer/pipeline/export-run';
import { publishRun } from '@edgeml/trainer/pipeline/publish-run';
import { trainRun, type TrainRunOptions } from '@edgeml/trainer/pipeline/train-run';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The model the integration tests serve: the default architecture, trained by the real trainer
 * on 20k MNIST images for 2 epochs (about a minute here), cached across runs in `.artifacts/`.
 */
export const TEST_MODEL: Omit<TrainRunOptions, 'outDir'> = {
  config: {
    name: 'mnist',
    model: { architecture: 'small-cnn' },
    epochs: 2,
    batchSize: 64,
    optimizer: { type: 'adam', learningRate: 0.002 },
    dataset: { trainLimit: 20_000 },
    seed: 7,
  },
};

export interface PublishedTestModel {
  /** `--persist-to` folder whose local R2 holds the published model. */
  persistDir: string;
  /** The training run (tfjs weights, run.json, model.onnx). */
  runDir: string;
  name: string;
  version: string;
  manifest: ModelManifest;
}

/** Trains the test model unless a run with the same config is cached, then publishes it to a fresh local R2. */
export async function ensurePublishedTestModel(persistDir = path.join(REPO_ROOT, '.artifacts', 'test-state')): Promise<PublishedTestModel> {
  const configHash = createHash('sha256').update(JSON.stringify({ ...TEST_MODEL, preprocessing: MNIST_PREPROCESSING })).digest('hex').slice(0, 12);
  const runDir = path.join(REPO_ROOT, '.artifacts', 'test-runs', configHash);
  if (!existsSync(path.join(runDir, 'run.json'))) {
    await trainRun({ ...TEST_MODEL, outDir: runDir, log: (line) => console.log(`[test model] ${line}`) });
  }
  // Tests run the same ONNX natively beside the worker; publishing exports it in memory only.
  if (!existsSync(path.join(runDir, ONNX_FILE))) await exportRun(runDir);
  await rm(persistDir, { recursive: true, force: true });
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    const manifest = modelManifestSchema.parse(await publishRun({ dir: runDir, store }));
    return { persistDir, runDir, name: manifest.name, version: manifest.version, manifest };
  } finally {
    await store.close();
  }
}

/** Reads the run's record (metrics, history) written by the trainer. */
export async function readTestRun(runDir: string): Promise<{ metrics: Record<string, number> }> {
  return JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8'));
}
