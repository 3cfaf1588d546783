import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { trainingConfigSchema } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../config/resolve-run-config.ts';
import { selectBackend, tf } from '../tf.ts';
import { buildRunVersion } from './build-run-version.ts';
import { readRunRecord } from './run-record.ts';
import { CURVES_FILE } from './save-run.ts';
import { CHECKPOINT_DIR, trainRun } from './train-run.ts';

let dir: string;
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'train-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainRun', () => {
  it('saves the resolved config, seed, versions and commit with the run and its curves, and resumes it', async () => {
    const outDir = path.join(dir, 'run');
    const config = {
      dataset: { trainLimit: 256, testLimit: 100, validationFraction: 0.004 },
      optimizer: { type: 'momentum', learningRate: 0.05 },
      gradientClipNorm: 5,
      epochs: 3,
      seed: 11,
    } as const;
    const first = await trainRun({ config: { ...config, epochs: 2 }, outDir });
    expect(first.training.config).toEqual(resolveRunConfig(config, { epochs: 2 }));
    expect(first.training).toMatchObject({ optimizer: 'momentum', learningRate: 0.05, seed: 11, epochs: 2, backend: 'wasm' });
    expect((first.training.packageVersions as Record<string, string>)['@tensorflow/tfjs']).toBe(tf.version.tfjs);
    if (first.training.gitCommit !== undefined) expect(first.training.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.history.map((log) => log.learningRate)).toEqual([0.05, 0.05]);
    expect(first.history[0]!.gradientNorm).toBeGreaterThan(0);

    const svg = await readFile(path.join(outDir, CURVES_FILE), 'utf8');
    expect(svg.match(/<polyline /g)).toHaveLength(5);
    const checkpoint = JSON.parse(await readFile(path.join(outDir, CHECKPOINT_DIR, 'checkpoint.json'), 'utf8')) as { epoch: number; optimizerStep: number };
    expect(checkpoint).toMatchObject({ epoch: 2, optimizerStep: 2 * 4 });

    // The run folder's version: its manifest's training field takes the extra keys as they are, and it carries golden vectors and curves.
    const { manifest, artifacts } = await buildRunVersion({ dir: outDir, version: 'v1' });
    expect(trainingConfigSchema.parse(manifest.training).config).toEqual(first.training.config);
    expect(Object.keys(manifest.artifacts).sort()).toEqual(['curves', 'golden', 'model']);
    expect(Object.keys(artifacts).sort()).toEqual(['curves', 'golden', 'model']);
    expect(manifest).toMatchObject({ task: 'image-classification', version: 'v1', input: { kind: 'image', shape: [-1, 28, 28, 1] } });

    const resumed = await trainRun({ outDir, resume: true, config: { epochs: 3 } });
    expect(resumed.history).toHaveLength(3);
    expect(resumed.history.slice(0, 2)).toEqual(first.history);
    expect(resumed.training).toMatchObject({ resumedFromEpoch: 2, epochs: 3, optimizer: 'momentum', seed: 11 });
    expect((await readRunRecord(outDir)).history).toHaveLength(3);
  });

  it('reruns identically from the same config and seed when dropout is off', async () => {
    const config = { dataset: { trainLimit: 128, testLimit: 50, validationFraction: 0.002 }, model: { dropout: 0 }, epochs: 1, seed: 4 };
    const a = await trainRun({ config, outDir: path.join(dir, 'a') });
    const b = await trainRun({ config, outDir: path.join(dir, 'b') });
    const c = await trainRun({ config: { ...config, seed: 5 }, outDir: path.join(dir, 'c') });
    expect(b.history[0]!.loss).toBe(a.history[0]!.loss);
    expect(b.metrics.testLoss).toBe(a.metrics.testLoss);
    expect(c.history[0]!.loss).not.toBe(a.history[0]!.loss);
  });

  it('refuses to resume a folder without a checkpoint', async () => {
    await expect(trainRun({ outDir: path.join(dir, 'empty'), resume: true })).rejects.toMatchObject({ code: 'not_found' });
  });
});
