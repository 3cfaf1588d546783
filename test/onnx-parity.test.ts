import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadMnist } from '@edgeml/trainer/data/load-mnist';
import { loadLayersModel } from '@edgeml/trainer/io/load-layers-model';
import { exportRun } from '@edgeml/trainer/pipeline/export-run';
import { trainRun } from '@edgeml/trainer/pipeline/train-run';
import { selectBackend, tf } from '@edgeml/trainer/tf';

const PARITY_IMAGES = 256;
const scratch: string[] = [];

afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

/** Max |Δ| between tfjs's and onnxruntime's (native) outputs for a trained run on real test images. */
async function parity(runDir: string): Promise<number> {
  await selectBackend();
  const data = await loadMnist({ testLimit: PARITY_IMAGES });
  const model = await loadLayersModel(runDir);
  const expected = tf.tidy(() => (model.predict(tf.tensor4d(data.test.images, [PARITY_IMAGES, 28, 28, 1])) as tf.Tensor).dataSync());
  model.dispose();
  const exported = await exportRun(runDir);
  const session = await ort.InferenceSession.create(exported.bytes, { intraOpNumThreads: 1 });
  const feeds = { [exported.inputName]: new ort.Tensor('float32', data.test.images, [PARITY_IMAGES, 28, 28, 1]) };
  const actual = (await session.run(feeds))[exported.outputName]!.data as Float32Array;
  await session.release();
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(expected[i]! - actual[i]!));
  console.log(`ONNX parity ${path.basename(runDir)}: max |Δ| = ${maxDiff.toExponential(2)} over ${PARITY_IMAGES} test images`);
  return maxDiff;
}

describe('ONNX export of trained models', () => {
  it('matches tfjs on 256 MNIST test images for the trained default model', async () => {
    expect(await parity(inject('publishedModel').runDir)).toBeLessThanOrEqual(1e-4);
  });

  it('matches tfjs on 256 MNIST test images for a trained MNISTNet', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-mnistnet-'));
    scratch.push(dir);
    // A short run is enough: parity is about the exporter, not about accuracy.
    const run = await trainRun({
      config: { name: 'mnist-net', model: { architecture: 'mnist-net' }, epochs: 1, batchSize: 64, optimizer: { type: 'adam', learningRate: 0.001 }, dataset: { trainLimit: 768, testLimit: 500 } },
      outDir: dir,
    });
    expect(run.metrics.testAccuracy).toBeGreaterThan(0.5);
    expect(await parity(dir)).toBeLessThanOrEqual(1e-4);
  });
});
