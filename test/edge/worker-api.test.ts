import {
  legacyPredictResponseSchema,
  modelManifestSchema,
  predictResponseSchema,
  type PredictResponse,
} from '@edgeml/shared';
import { createEdgeClient } from '@edgeml/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitJpeg, digitPng, readMnistTestSet, type MnistTestDigit } from './support/mnist-test-set.ts';
import { prepareModelStore, type TestModelStore } from './support/prepare-model-store.ts';

let store: TestModelStore;
let worker: RunningWorker;
let digits: MnistTestDigit[];

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir });
  digits = await readMnistTestSet(8);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

function postImage(path: string, body: Uint8Array<ArrayBuffer>, type: string): Promise<Response> {
  return worker.fetch(path, { method: 'POST', headers: { 'content-type': type }, body });
}

function postJson(path: string, value: unknown): Promise<Response> {
  return worker.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

async function predicted(response: Response): Promise<PredictResponse> {
  expect(response.status).toBe(200);
  return predictResponseSchema.parse(await response.json());
}

describe('worker routes in workerd', () => {
  it('answers /healthz', async () => {
    const response = await worker.fetch('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', isolate: { wasmMemoryBytes: expect.any(Number) } });
    await predicted(await postImage(`/v1/models/${store.name}/predict`, digitPng(digits[0]!.pixels), 'image/png'));
    const { isolate } = (await (await worker.fetch('/healthz')).json()) as { isolate: { wasmMemoryBytes: number } };
    // ORT's WASM memory, found once the first session instantiated it: at least its 16 MiB initial size.
    expect(isolate.wasmMemoryBytes).toBeGreaterThanOrEqual(16 * 2 ** 20);
  });

  it('lists the published models with their production versions and metrics', async () => {
    const models = await createEdgeClient(worker.url).listModels();
    const mnist = models.find((m) => m.name === store.name);
    expect(mnist).toMatchObject({ version: store.version, task: 'image-classification' });
    expect(mnist!.metrics.testAccuracy).toBeGreaterThan(0.9);
    // A model whose channels point nowhere is left out rather than failing the list.
    expect(models.map((m) => m.name)).not.toContain(store.dangling);
  });

  it('returns the production manifest, or a pinned version', async () => {
    const production = modelManifestSchema.parse(await (await worker.fetch(`/v1/models/${store.name}`)).json());
    expect(production.version).toBe(store.version);
    const pinned = await worker.fetch(`/v1/models/${store.name}?version=${store.pinnedVersion}`);
    expect(pinned.status).toBe(200);
    expect(modelManifestSchema.parse(await pinned.json()).version).toBe(store.pinnedVersion);
  });

  it('predicts a PNG body', async () => {
    const body = await predicted(await postImage(`/v1/models/${store.name}/predict`, digitPng(digits[0]!.pixels), 'image/png'));
    expect(body).toMatchObject({ model: store.name, version: store.version });
    const [prediction] = body.predictions;
    expect(prediction!.index).toBe(digits[0]!.label);
    expect(prediction!.label).toBe(String(digits[0]!.label));
    expect(prediction!.top).toHaveLength(3);
    expect(prediction!.top[0]).toEqual({ label: prediction!.label, index: prediction!.index, confidence: prediction!.confidence });
    expect(prediction!.probabilities).toHaveLength(10);
    expect(prediction!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(body.timing.totalMs).toBeGreaterThanOrEqual(body.timing.inferenceMs);
  });

  it('predicts a JPEG body and honours ?topK=', async () => {
    const body = await createEdgeClient(worker.url).predictImage(store.name, digitJpeg(digits[1]!.pixels), { topK: 5 });
    expect(body.predictions[0]!.index).toBe(digits[1]!.label);
    expect(body.predictions[0]!.top).toHaveLength(5);
  });

  it('predicts every "image" file of a multipart body, in order', async () => {
    const files = digits.slice(0, 3).map((digit) => new Blob([digitPng(digit.pixels)], { type: 'image/png' }));
    const body = await createEdgeClient(worker.url).predictImageFiles(store.name, files);
    expect(body.predictions.map((p) => p.index)).toEqual(digits.slice(0, 3).map((d) => d.label));
  });

  it('predicts JSON pixels, one image or a batch of instances', async () => {
    const one = await predicted(await postJson(`/v1/models/${store.name}/predict`, { pixels: Array.from(digits[2]!.pixels) }));
    expect(one.predictions).toHaveLength(1);
    expect(one.predictions[0]!.index).toBe(digits[2]!.label);
    const instances = digits.map((d) => ({ pixels: Array.from(d.pixels, (v) => v / 255) }));
    const batch = await predicted(await postJson(`/v1/models/${store.name}/predict`, { instances, scale: 1, topK: 1 }));
    expect(batch.predictions.map((p) => p.index)).toEqual(digits.map((d) => d.label));
    expect(batch.predictions.every((p) => p.top.length === 1)).toBe(true);
  });

  it('serves a pinned version from the query or the JSON body', async () => {
    const png = digitPng(digits[3]!.pixels);
    const byQuery = await predicted(await postImage(`/v1/models/${store.name}/predict?version=${store.pinnedVersion}`, png, 'image/png'));
    expect(byQuery.version).toBe(store.pinnedVersion);
    expect(byQuery.predictions[0]!.index).toBe(digits[3]!.label);
    const pixels = Array.from(digits[3]!.pixels);
    const byBody = await predicted(await postJson(`/v1/models/${store.name}/predict`, { pixels, version: store.pinnedVersion }));
    expect(byBody.version).toBe(store.pinnedVersion);
    // The pinned version holds the same bytes as production, so it answers the same.
    const production = await predicted(await postJson(`/v1/models/${store.name}/predict`, { pixels }));
    expect(production.version).toBe(store.version);
    expect(byBody.predictions[0]!.probabilities).toEqual(production.predictions[0]!.probabilities);
  });

  it('answers POST /predict in the primer shape, from a multipart field or a raw image body', async () => {
    const form = new FormData();
    form.append('image', new Blob([digitPng(digits[4]!.pixels)], { type: 'image/png' }), 'digit.png');
    const multipart = await worker.fetch('/predict', { method: 'POST', body: form });
    expect(multipart.status).toBe(200);
    const body = legacyPredictResponseSchema.parse(await multipart.json());
    expect(body).toEqual({ predicted_class: digits[4]!.label, confidence: expect.any(Number), status: 'success' });
    expect(Object.keys(body).sort()).toEqual(['confidence', 'predicted_class', 'status']);

    const raw = await postImage('/predict', digitJpeg(digits[5]!.pixels), 'image/jpeg');
    expect(raw.status).toBe(200);
    expect(legacyPredictResponseSchema.parse(await raw.json()).predicted_class).toBe(digits[5]!.label);
  });

  it('answers concurrent cold requests for one version with one model', async () => {
    const png = digitPng(digits[6]!.pixels);
    const responses = await Promise.all(Array.from({ length: 6 }, () => postImage(`/v1/models/${store.name}/predict`, png, 'image/png')));
    const bodies = await Promise.all(responses.map(predicted));
    expect(new Set(bodies.map((b) => b.predictions[0]!.index))).toEqual(new Set([digits[6]!.label]));
  });
});
