import { createEdgeClient, EdgeApiError } from '@edgeml/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitPng, readMnistTestSet, type MnistTestDigit } from './support/mnist-test-set.ts';
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
  // Listing and predicting images through the client: test/edge/worker-api.test.ts.
  it('pins a version and reaches every operation through the typed routes', async () => {
    const client = createEdgeClient(worker.url);
    const png = await client.predictImage(store.name, digitPng(digits[0]!.pixels), { version: store.version });
    expect(png).toMatchObject({ model: store.name, version: store.version });
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
