import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { modelManifestSchema, predictResponseSchema, type ModelManifest, type PredictResponse } from '@edgeml/shared';
import * as ortNode from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitPng, readMnistTestSet, type MnistTestDigit } from './support/mnist-test-set.ts';
import { crossCheckBound } from '@edgeml/trainer/golden/golden-tolerance';

/** MNIST test images sent over HTTP; the trained test model scores about 98% on the test set. */
const IMAGES = 600;
const JSON_BATCH = 50;
const MIN_ACCURACY = 0.97;

let worker: RunningWorker;
let digits: MnistTestDigit[];
let manifest: ModelManifest;
let persistDir: string;
const published = inject('publishedModel');

beforeAll(async () => {
  // A copy: workerd writes to the store it serves, and other files copy the published one while this runs.
  persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-accuracy-r2-'));
  await cp(published.persistDir, persistDir, { recursive: true });
  worker = await startWorker({ persistDir });
  digits = await readMnistTestSet(IMAGES);
  manifest = modelManifestSchema.parse(await (await worker.fetch(`/v1/models/${published.name}`)).json());
});

afterAll(async () => {
  await worker?.dispose();
  if (persistDir) await rm(persistDir, { recursive: true, force: true });
});

async function predict(init: RequestInit): Promise<PredictResponse> {
  const response = await worker.fetch(`/v1/models/${published.name}/predict`, { method: 'POST', ...init });
  expect(response.status).toBe(200);
  return predictResponseSchema.parse(await response.json());
}

/** Runs `task` over `items`, `concurrency` at a time, keeping the order of results. */
async function mapConcurrently<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

function accuracy(predicted: number[]): number {
  return predicted.filter((label, i) => label === digits[i]!.label).length / digits.length;
}

describe(`the served model over HTTP on ${IMAGES} MNIST test images`, () => {
  it(`classifies PNG uploads with at least ${MIN_ACCURACY * 100}% accuracy`, async () => {
    const predicted = await mapConcurrently(digits, 4, async (digit) => {
      const body = await predict({ headers: { 'content-type': 'image/png' }, body: digitPng(digit.pixels) });
      return body.predictions[0]!.index;
    });
    const score = accuracy(predicted);
    console.log(`PNG over HTTP: ${(score * 100).toFixed(2)}% of ${IMAGES}`);
    expect(score).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });

  it(`classifies JSON pixel batches with at least ${MIN_ACCURACY * 100}%, matching native onnxruntime`, async () => {
    const batches: MnistTestDigit[][] = [];
    for (let i = 0; i < digits.length; i += JSON_BATCH) batches.push(digits.slice(i, i + JSON_BATCH));
    const responses = await mapConcurrently(batches, 2, (batch) =>
      predict({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instances: batch.map((d) => ({ pixels: Array.from(d.pixels) })) }),
      }),
    );
    const predictions = responses.flatMap((r) => r.predictions);
    const score = accuracy(predictions.map((p) => p.index));
    console.log(`JSON over HTTP: ${(score * 100).toFixed(2)}% of ${IMAGES}`);
    expect(score).toBeGreaterThanOrEqual(MIN_ACCURACY);

    // The same pixels through native onnxruntime, normalised as the manifest says.
    const { mean, std } = manifest.input.preprocessing;
    const input = Float32Array.from(digits.flatMap((d) => Array.from(d.pixels, (v) => (v / 255 - mean) / std)));
    const session = await ortNode.InferenceSession.create(new Uint8Array(await readFile(path.join(published.runDir, 'model.onnx'))));
    const output = (await session.run({ [manifest.input.name]: new ortNode.Tensor('float32', input, [IMAGES, 28, 28, 1]) }))[manifest.output.name]!;
    await session.release();
    // The worker answers softmax(log p / T) with the manifest's fitted temperature (calibrated confidence): so must the reference.
    const temperature = manifest.output.temperature ?? 1;
    const expected = Float32Array.from(output.data as Float32Array, (p) => Math.pow(p, 1 / temperature));
    for (let row = 0; row < IMAGES; row++) {
      const sum = expected.subarray(row * 10, row * 10 + 10).reduce((a, b) => a + b, 0);
      for (let k = 0; k < 10; k++) expected[row * 10 + k] = expected[row * 10 + k]! / sum;
    }
    let maxDiff = 0;
    predictions.forEach((p, i) => p.probabilities.forEach((value, k) => (maxDiff = Math.max(maxDiff, Math.abs(value - expected[i * 10 + k]!)))));
    console.log(`worker vs native onnxruntime: max |Δ| = ${maxDiff.toExponential(2)}`);
    // Two engines summing the same float32 graph in other orders: the cross-check bound derived in golden-tolerance.ts.
    expect(maxDiff).toBeLessThanOrEqual(crossCheckBound('onnxruntime-node', 'float').absolute);
  });
});
