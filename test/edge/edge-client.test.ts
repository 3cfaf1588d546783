import { createEdgeClient, EdgeApiError } from '@edgeml/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitJpeg, digitPng, readMnistTestSet, type MnistTestDigit } from './support/mnist-test-set.ts';
import { prepareModelStore, type TestModelStore } from './support/prepare-model-store.ts';

const ADMIN_TOKEN = 'edge-client-test-token-0123456789abcdef';
let store: TestModelStore;
let worker: RunningWorker;
let digits: MnistTestDigit[];

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, vars: { RATE_LIMIT_REQUESTS: '0', ADMIN_TOKEN } });
  digits = await readMnistTestSet(4);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

describe('@edgeml/client against the worker in workerd', () => {
  it('lists the models and predicts image bytes (PNG and JPEG) and image files, typed by the app', async () => {
    const client = createEdgeClient(worker.url);
    const models = await client.listModels();
    expect(models.find((model) => model.name === store.name)).toMatchObject({ version: store.version, task: 'image-classification' });
    const png = await client.predictImage(store.name, digitPng(digits[0]!.pixels), { topK: 5 });
    expect(png).toMatchObject({ model: store.name, version: store.version });
    expect(png.predictions[0]!.top).toHaveLength(5);
    const jpeg = await client.predictImage(store.name, digitJpeg(digits[1]!.pixels));
    expect(jpeg.predictions).toHaveLength(1);
    const files = digits.map((digit) => new Blob([digitPng(digit.pixels)], { type: 'image/png' }));
    const batch = await client.predictImageFiles(store.name, files, { version: store.version });
    expect(batch.predictions.map((prediction) => prediction.index).filter((index, i) => index === digits[i]!.label).length).toBeGreaterThanOrEqual(3);
    // The typed routes reach every operation too.
    const manifest = await (await client.routes.v1.models[':name'].$get({ param: { name: store.name }, query: {} })).json();
    expect(manifest).toMatchObject({ name: store.name, version: store.version });
  });

  it('throws EdgeApiError with the body\'s code and status', async () => {
    const client = createEdgeClient(worker.url);
    const missing = await client.predictImage('no-such-model', digitPng(digits[0]!.pixels)).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(EdgeApiError);
    expect(missing).toMatchObject({ status: 404, code: 'model_not_found' });
    const texts = await client.predictTexts(store.name, ['an image model takes no text']).catch((error: unknown) => error);
    expect(texts).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    const unauthorized = await createEdgeClient(worker.url, { token: `${ADMIN_TOKEN}x` }).promote(store.name, { version: store.version, channel: 'production' }).catch((error: unknown) => error);
    expect(unauthorized).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('promotes through the admin API with the token', async () => {
    const admin = createEdgeClient(worker.url, { token: ADMIN_TOKEN });
    const channels = await admin.promote(store.name, { version: store.version, channel: 'production' });
    expect(channels).toMatchObject({ name: store.name, production: store.version });
  });
});
