import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitPng, readMnistTestSet } from './support/mnist-test-set.ts';
import { prepareModelStore, type TestModelStore } from './support/prepare-model-store.ts';
import { parseServerTiming } from '@edgeml/trainer/deploy/parse-server-timing';

let store: TestModelStore;
let worker: RunningWorker;

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

describe('cold-start split in Server-Timing', () => {
  it('times R2 read and session creation on the first prediction of a fresh isolate only, the WASM already instantiated at module scope', async () => {
    const [digit] = await readMnistTestSet(1);
    const post = () => worker.fetch(`/v1/models/${store.name}/predict`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: digitPng(digit!.pixels) });
    const first = await post();
    expect(first.status).toBe(200);
    const split = parseServerTiming(first.headers.get('server-timing'));
    expect(Object.keys(split).sort()).toEqual(['golden', 'r2', 'session', 'total', 'wasm']);
    // ORT's WASM was instantiated by the module-scope warm-up (edge/src/runtime/warm-up-ort.ts), before any
    // request; local workerd's clock runs during compute, and building the session still takes time.
    expect(split.wasm).toBe(0);
    expect(split.session).toBeGreaterThan(0);
    expect(split.r2).toBeGreaterThanOrEqual(0);
    // The golden vectors' check runs the new session for the first time.
    expect(split.golden).toBeGreaterThan(0);
    expect(split.total).toBeGreaterThanOrEqual(split.wasm! + split.session! + split.golden!);
    await first.arrayBuffer();

    const warm = await post();
    expect(warm.status).toBe(200);
    // A warm prediction carries only the whole handler's time, which covers at least the run.
    expect(Object.keys(parseServerTiming(warm.headers.get('server-timing')))).toEqual(['total']);

    // A second version loads its own session in the same isolate: R2 and session again.
    const pinned = await worker.fetch(`/v1/models/${store.name}/predict?version=${store.pinnedVersion}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: digitPng(digit!.pixels) });
    expect(pinned.status).toBe(200);
    const pinnedSplit = parseServerTiming(pinned.headers.get('server-timing'));
    expect(pinnedSplit.wasm).toBe(0);
    expect(pinnedSplit.session).toBeGreaterThan(0);
  });
});
