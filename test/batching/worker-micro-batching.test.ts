import { predictResponseSchema, type PredictResponse } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { digitPng, readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { prepareModelStore, type TestModelStore } from '../edge/support/prepare-model-store.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';

const CLIENTS = 24;

/** A private copy of the published model's local R2: other test runs may rewrite the shared one. */
let store: TestModelStore;
let worker: RunningWorker;
let digits: MnistTestDigit[];
let path: string;

beforeAll(async () => {
  const published = inject('publishedModel');
  path = `/v1/models/${published.name}/predict`;
  worker = await startWorker({ persistDir: (store = await prepareModelStore(published)).persistDir, vars: { MICRO_BATCH_WAIT_MS: '20', RATE_LIMIT_REQUESTS: '0' } });
  digits = await readMnistTestSet(CLIENTS);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

async function predict(digit: MnistTestDigit, body: 'png' | 'json'): Promise<PredictResponse> {
  const init: RequestInit =
    body === 'png'
      ? { method: 'POST', body: digitPng(digit.pixels), headers: { 'content-type': 'image/png' } }
      : { method: 'POST', body: JSON.stringify({ instances: [{ pixels: Array.from(digit.pixels) }, { pixels: Array.from(digit.pixels) }] }), headers: { 'content-type': 'application/json' } };
  const response = await worker.fetch(`${path}?topK=10`, init);
  expect(response.status).toBe(200);
  return predictResponseSchema.parse(await response.json());
}

describe('micro-batching in workerd (MICRO_BATCH_WAIT_MS=20)', () => {
  it('gives each of many concurrent requests, of mixed batch sizes, the same answer as alone', async () => {
    const alone: PredictResponse[] = [];
    for (const [i, digit] of digits.entries()) alone.push(await predict(digit, i % 3 === 0 ? 'json' : 'png'));
    const together = await Promise.all(digits.map((digit, i) => predict(digit, i % 3 === 0 ? 'json' : 'png')));
    together.forEach((response, i) => {
      expect(response.predictions).toHaveLength(i % 3 === 0 ? 2 : 1);
      for (const prediction of response.predictions) {
        expect(prediction.index).toBe(alone[i]!.predictions[0]!.index);
        // Batched kernels may sum in another order: ~1e-6 differences, not more.
        prediction.probabilities.forEach((p, k) => expect(p).toBeCloseTo(alone[i]!.predictions[0]!.probabilities[k]!, 4));
      }
    });
    // Most answers are right: the slices were not shuffled between requests.
    expect(together.filter((response, i) => response.predictions[0]!.index === digits[i]!.label).length).toBeGreaterThan(CLIENTS * 0.8);
  });
});
