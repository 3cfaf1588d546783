import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findPublishedManifest } from '@edgeml/trainer/pipeline/find-published-manifest';
import { publishQuantizedRun } from '@edgeml/trainer/pipeline/publish-quantized-run';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('publishQuantizedRun (what npm start publishes)', () => {
  it('publishes the int8 export onnxruntime-web runs fastest, when it keeps the float accuracy on all 10k test images', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'edgeml-int8-run-'));
    scratch.push(root);
    // A copy: publishing writes model-int8.onnx into the run folder, and the cached run is shared.
    const runDir = path.join(root, 'run');
    await cp(inject('publishedModel').runDir, runDir, { recursive: true });
    const store = await openLocalR2Store({ persistTo: path.join(root, 'state') });
    try {
      const published = await publishQuantizedRun({ dir: runDir, store, name: 'mnist-int8-start' });
      expect(published.quantized).toBe(true);
      expect(published.int8Bytes / published.floatBytes).toBeLessThanOrEqual(0.3);
      expect((published.floatAccuracy - published.int8Accuracy) * 100).toBeLessThanOrEqual(0.3);
      const manifest = await findPublishedManifest(store, 'mnist-int8-start');
      expect(manifest?.version).toBe(published.manifest.version);
      // Both candidate modes were exported, evaluated and timed against float; the published one has the lowest mean ratio.
      expect(published.candidates.map((candidate) => candidate.mode)).toEqual(['weights', 'static']);
      for (const candidate of published.candidates) {
        expect(candidate.batch1Ratio).toBeGreaterThan(0);
        expect(candidate.batch64Ratio).toBeGreaterThan(0);
        expect(candidate.bytes / published.floatBytes).toBeLessThanOrEqual(0.3);
      }
      const scores = published.candidates.map((candidate) => candidate.batch1Ratio + candidate.batch64Ratio);
      const fastest = published.candidates[scores.indexOf(Math.min(...scores))]!;
      expect(manifest?.variant).toMatchObject({ kind: 'quantized', quantization: { mode: fastest.mode } });
      expect(manifest?.metrics.testSamples).toBe(10_000);
      expect(manifest?.artifacts.model.bytes).toBe(published.int8Bytes);
    } finally {
      await store.close();
    }
  });

  it('publishes the float model instead when int8 would lose more than allowed', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'edgeml-int8-run-'));
    scratch.push(root);
    const runDir = path.join(root, 'run');
    await cp(inject('publishedModel').runDir, runDir, { recursive: true });
    const store = await openLocalR2Store({ persistTo: path.join(root, 'state') });
    try {
      // A negative allowance: int8 can never meet it, so the float export must be what is published.
      const published = await publishQuantizedRun({ dir: runDir, store, name: 'mnist-float-start', maxLostPoints: -100 });
      expect(published.quantized).toBe(false);
      expect(published.manifest.variant).toBeUndefined();
      expect(published.manifest.artifacts.model.bytes).toBe(published.floatBytes);
    } finally {
      await store.close();
    }
  });

  it('publishes the mode it is given without timing alternatives', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'edgeml-int8-run-'));
    scratch.push(root);
    const runDir = path.join(root, 'run');
    await cp(inject('publishedModel').runDir, runDir, { recursive: true });
    const store = await openLocalR2Store({ persistTo: path.join(root, 'state') });
    try {
      const published = await publishQuantizedRun({ dir: runDir, store, name: 'mnist-static-start', mode: 'static' });
      expect(published.manifest.variant).toMatchObject({ kind: 'quantized', quantization: { mode: 'static', activations: 'uint8-static' } });
      expect(published.candidates).toHaveLength(1);
      expect(published.candidates[0]!.batch1Ratio).toBeNaN();
    } finally {
      await store.close();
    }
  });
});
