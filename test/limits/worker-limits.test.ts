import { errorBodySchema } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareModelStore, type TestModelStore } from '../edge/support/prepare-model-store.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';

const ALLOWED = 'https://demo.example';
const RATE_LIMIT = 5;

/** A private copy of the published model's local R2: other test runs may rewrite the shared one. */
let store: TestModelStore;
let worker: RunningWorker;

beforeAll(async () => {
  worker = await startWorker({
    persistDir: (store = await prepareModelStore(inject('publishedModel'))).persistDir,
    vars: { ALLOWED_ORIGINS: `${ALLOWED}, https://other.example`, RATE_LIMIT_REQUESTS: String(RATE_LIMIT), RATE_LIMIT_PERIOD_SECONDS: '60' },
  });
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

describe('CORS from ALLOWED_ORIGINS in workerd', () => {
  it('allows a listed origin, preflight included, and no other', async () => {
    const allowed = await worker.fetch('/healthz', { headers: { origin: ALLOWED } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const preflight = await worker.fetch('/v1/models/mnist/predict', {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await worker.fetch('/healthz', { headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the per-client rate limit in workerd', () => {
  it(`answers 429 rate_limited with Retry-After past ${RATE_LIMIT} requests, per client, and never limits /healthz`, async () => {
    const client = { 'cf-connecting-ip': '203.0.113.7' };
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++) statuses.push((await worker.fetch('/v1/models', { headers: client })).status);
    expect(statuses).toEqual(new Array(RATE_LIMIT).fill(200));

    const limited = await worker.fetch('/v1/models', { headers: { ...client, origin: ALLOWED } });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    // One token comes back every 60 / RATE_LIMIT = 12 s.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60 / RATE_LIMIT);
    expect(limited.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(errorBodySchema.parse(await limited.json()).error.code).toBe('rate_limited');
    // The primer's route shares the bucket.
    expect((await worker.fetch('/predict', { method: 'POST', headers: client })).status).toBe(429);

    expect((await worker.fetch('/healthz', { headers: client })).status).toBe(200);
    expect((await worker.fetch('/v1/models', { headers: { 'cf-connecting-ip': '203.0.113.8' } })).status).toBe(200);
  });
});
