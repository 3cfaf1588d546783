import { artifactKey, channelsKey, errorBodySchema, manifestKey, type ModelManifest } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ModelRegistry } from '@edgeml/edge/models/model-registry';
import { ortWasmModule } from '@edgeml/trainer/deploy/ort-wasm-module';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { prepareModelStore, type TestModelStore } from '../edge/support/prepare-model-store.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import path from 'node:path';
import { apiExamples } from '@edgeml/edge/openapi/api-examples';

const ADMIN_TOKEN = 'versions-test-token-0123456789';
/** Published, but named by no channel: only the admin may pin it. */
const HIDDEN = '20210101T000000Z-hidden';
/** A "1", the API's example: all-zero pixels answer 422 no_digit. */
const PIXELS = apiExamples.pixelsRequest.pixels;

let store: TestModelStore;
let worker: RunningWorker;
let goodOnnx: Uint8Array;
/** Open for the whole file: the back-off test repairs an artifact within its 5 s, too short to start a proxy on a loaded machine. */
let r2: ObjectStore;

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  const manifest = JSON.parse(new TextDecoder().decode((await r2.get(manifestKey(store.name, store.version)))!)) as ModelManifest;
  goodOnnx = (await r2.get(manifest.artifacts.model.key))!;
  const hidden: ModelManifest = { ...manifest, version: HIDDEN, artifacts: { model: { ...manifest.artifacts.model, key: artifactKey(store.name, HIDDEN, 'model.onnx') } } };
  await r2.put(hidden.artifacts.model.key, goodOnnx, { contentType: 'application/octet-stream' });
  await r2.put(manifestKey(store.name, HIDDEN), new TextEncoder().encode(JSON.stringify(hidden)), { contentType: 'application/json' });
  // A model whose manifest is not JSON: the store's fault, answered 503 without naming the key.
  await r2.put(channelsKey('mnist-badjson'), new TextEncoder().encode(JSON.stringify({ schemaVersion: 1, name: 'mnist-badjson', production: store.version, updatedAt: manifest.createdAt })), { contentType: 'application/json' });
  await r2.put(manifestKey('mnist-badjson', store.version), new TextEncoder().encode('{ not json'), { contentType: 'application/json' });
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN, RATE_LIMIT_REQUESTS: '0' } });
});

afterAll(async () => {
  await worker?.dispose();
  await r2?.close();
  await store?.dispose();
});

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

function predict(target: string, headers: Record<string, string> = {}): Promise<Response> {
  return worker.fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ pixels: PIXELS }) });
}

async function errorOf(response: Response, status: number): Promise<{ code: string; message: string; details?: unknown; text: string }> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return { ...errorBodySchema.parse(JSON.parse(text)).error, text };
}

describe('version pinning in workerd', () => {
  it('lets anyone pin the versions the channels name, and only the admin any other', async () => {
    // The rollback history (`previous`) is public.
    expect((await worker.fetch(`/v1/models/${store.name}?version=${store.pinnedVersion}`)).status).toBe(200);
    expect((await predict(`/v1/models/${store.name}/predict?version=${store.pinnedVersion}`)).status).toBe(200);

    const hidden = await errorOf(await worker.fetch(`/v1/models/${store.name}?version=${HIDDEN}`), 404);
    const missing = await errorOf(await worker.fetch(`/v1/models/${store.name}?version=20210101T000000Z-absent`), 404);
    // Not told apart from a version that does not exist.
    expect(hidden.code).toBe('version_not_found');
    expect(hidden.text.replaceAll(HIDDEN, 'V')).toBe(missing.text.replaceAll('20210101T000000Z-absent', 'V'));
    expect((await errorOf(await predict(`/v1/models/${store.name}/predict?version=${HIDDEN}`), 404)).code).toBe('version_not_found');
    expect((await errorOf(await predict(`/v1/models/${store.name}/predict?version=${HIDDEN}`, { authorization: 'Bearer wrong' }), 404)).code).toBe('version_not_found');
    // The primer's route too (its errors are `{ error: "<message>", status: "error" }`).
    const legacy = await worker.fetch('/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pixels: PIXELS, version: HIDDEN }) });
    expect(legacy.status).toBe(404);
    expect(((await legacy.json()) as { error: string }).error).toMatch(/no version/);

    const manifest = await worker.fetch(`/v1/models/${store.name}?version=${HIDDEN}`, { headers: admin });
    expect(manifest.status).toBe(200);
    expect(((await manifest.json()) as { version: string }).version).toBe(HIDDEN);
    const pinned = await predict(`/v1/models/${store.name}/predict?version=${HIDDEN}`, admin);
    expect(pinned.status).toBe(200);
    expect(((await pinned.json()) as { version: string }).version).toBe(HIDDEN);
  });
});

describe('failed loads in workerd', () => {
  it('remembers a failed load with back-off: 503 with Retry-After, the artifact not read again until it ends', async () => {
    const first = await predict(`/v1/models/${store.corrupt}/predict`);
    expect(first.headers.get('retry-after')).toBe('5');
    const error = await errorOf(first, 503);
    expect(error.code).toBe('model_unavailable');

    // The artifact is repaired in R2: a worker that read it again would now answer 200.
    await r2.put(artifactKey(store.corrupt, store.version, 'model.onnx'), goodOnnx, { contentType: 'application/octet-stream' });
    const during = await predict(`/v1/models/${store.corrupt}/predict`);
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(during.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect((await errorOf(during, 503)).code).toBe('model_unavailable');
    // That the repaired artifact is read once the wait ends: 'failed loads in the registry' below, on an advanced clock.
  });
});

describe('failed loads in the registry', () => {
  it('reads the artifact again once the back-off ends, and not a millisecond before', async () => {
    const { getPlatformProxy } = await import('wrangler');
    // The worker's env as wrangler.toml declares it, with the binding this test writes through.
    const proxy = await getPlatformProxy<{ MODELS: { put(key: string, value: Uint8Array): Promise<unknown> } }>({
      configPath: path.join(REPO_ROOT, 'wrangler.toml'),
      persist: { path: path.join(store.persistDir, 'v3') },
    });
    try {
      let now = 1_000_000;
      const registry = new ModelRegistry(await ortWasmModule(), () => now);
      // Its stored artifact is not the one its manifest describes, until the test repairs it.
      const name = store.understated;
      const unavailable = { code: 'model_unavailable', headers: { 'Retry-After': '5' } };
      await expect(registry.resolve(proxy.env, name, undefined)).rejects.toMatchObject(unavailable);
      await proxy.env.MODELS.put(artifactKey(name, store.version, 'model.onnx'), goodOnnx);
      now += 4_999;
      await expect(registry.resolve(proxy.env, name, undefined)).rejects.toMatchObject({ ...unavailable, headers: { 'Retry-After': '1' } });
      now += 1;
      const resolved = await registry.resolve(proxy.env, name, undefined);
      expect(resolved.model.manifest.version).toBe(store.version);
      resolved.release();
    } finally {
      await proxy.dispose();
    }
  });
});

describe('quiet errors in workerd', () => {
  it('answers 503s with generic messages: no R2 keys, no schema messages', async () => {
    for (const name of ['mnist-badjson', store.dangling, store.unloadable]) {
      const { code, message, text } = await errorOf(await predict(`/v1/models/${name}/predict`), 503);
      expect(code).toBe('model_unavailable');
      expect(message).toBe('the model is unavailable here; try again later');
      expect(text).not.toMatch(/models\/|manifest\.json|\.onnx|JSON|zod|invalid_type/);
    }
  });

  it('cuts a 5,000-character name or version short in the answer', async () => {
    const long = 'a'.repeat(5000);
    for (const response of [
      await worker.fetch(`/v1/models/${long}`),
      await predict(`/v1/models/${long}/predict`),
      await worker.fetch(`/v1/models/${store.name}?version=${long}`),
      await worker.fetch(`/v1/models/${store.name}/shadow?version=${long}`),
      await worker.fetch(`/v2/${long}`),
    ]) {
      const text = await response.text();
      expect(response.status, text).toBeGreaterThanOrEqual(400);
      expect(text.length, text).toBeLessThan(400);
      // Routes that echo the name clip it; schema failures name the field without echoing it.
      if (text.includes('aaaa')) expect(text).toContain('…');
      expect(text).not.toContain('a'.repeat(100));
    }
  });
});
