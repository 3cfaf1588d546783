import { errorBodySchema } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareModelStore, type TestModelStore } from '../edge/support/prepare-model-store.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { apiExamples } from '@edgeml/edge/openapi/api-examples';

const ALLOWED = 'https://demo.example';
const RATE_LIMIT = 5;

/** A private copy of the published model's local R2: other test runs may rewrite the shared one. */
let store: TestModelStore;
let worker: RunningWorker;
/** The same worker as production configures it: no client address, no service. */
let strict: RunningWorker;
const ADMIN_TOKEN = 'limits-test-token-0123456789';
/** A "1", the API's example: all-zero pixels answer 422 no_digit. */
const PIXELS = apiExamples.pixelsRequest.pixels;

beforeAll(async () => {
  worker = await startWorker({
    persistDir: (store = await prepareModelStore(inject('publishedModel'))).persistDir,
    // start-worker sets the RATE_LIMITER binding's limit from this var override as well.
    vars: { ALLOWED_ORIGINS: `${ALLOWED}, https://other.example`, RATE_LIMIT_REQUESTS: String(RATE_LIMIT), RATE_LIMIT_PERIOD_SECONDS: '60', ADMIN_TOKEN },
  });
  strict = await startWorker({ persistDir: store.persistDir, vars: { REQUIRE_CLIENT_ADDRESS: 'on', ADMIN_TOKEN } });
});

afterAll(async () => {
  await worker?.dispose();
  await strict?.dispose();
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

/**
 * Miniflare's binding counts in fixed windows of the period (as Cloudflare's does, per location):
 * a test that spends a budget must not straddle a window's end, or its count starts over.
 */
async function awayFromWindowEnd(periodSeconds = 60, marginMs = 10_000): Promise<void> {
  const left = periodSeconds * 1000 - (Date.now() % (periodSeconds * 1000));
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

function predictJson(target: RunningWorker, images: number, headers: Record<string, string>): Promise<Response> {
  const body = images === 1 ? { pixels: PIXELS } : { instances: Array.from({ length: images }, () => ({ pixels: PIXELS })) };
  return target.fetch('/v1/models/mnist/predict', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function statuses(count: number, request: (i: number) => Promise<Response>): Promise<number[]> {
  const answered: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await request(i);
    await response.arrayBuffer();
    answered.push(response.status);
  }
  return answered;
}

describe('the per-client rate limit (Workers Rate Limiting binding) in workerd', () => {
  it(`answers 429 rate_limited with Retry-After past ${RATE_LIMIT} units, per client, and never limits /healthz`, async () => {
    await awayFromWindowEnd();
    const client = { 'cf-connecting-ip': '203.0.113.7' };
    expect(await statuses(RATE_LIMIT, () => worker.fetch('/v1/models', { headers: client }))).toEqual(new Array(RATE_LIMIT).fill(200));

    const limited = await worker.fetch('/v1/models', { headers: { ...client, origin: ALLOWED } });
    expect(limited.status).toBe(429);
    // The binding's window is the period; when it ends is not told, so the whole period is the bound.
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(errorBodySchema.parse(await limited.json()).error).toMatchObject({ code: 'rate_limited', details: { limit: RATE_LIMIT, periodSeconds: 60 } });
    // The primer's route shares the budget.
    expect((await worker.fetch('/predict', { method: 'POST', headers: client })).status).toBe(429);

    expect((await worker.fetch('/healthz', { headers: client })).status).toBe(200);
    expect((await worker.fetch('/v1/models', { headers: { 'cf-connecting-ip': '203.0.113.8' } })).status).toBe(200);
    // x-client-id proves nothing: it buys no budget of its own.
    expect((await worker.fetch('/v1/models', { headers: { ...client, 'x-client-id': 'someone-else' } })).status).toBe(429);
    // The admin token is a credential: its holder is charged by it, not by address.
    expect((await worker.fetch('/v1/models', { headers: { ...client, authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await worker.fetch('/v1/models', { headers: { ...client, authorization: 'Bearer made-up' } })).status).toBe(429);
  });

  it('limits an IPv6 client by its /64, however it rotates the rest of the address', async () => {
    await awayFromWindowEnd();
    const answered = await statuses(RATE_LIMIT + 1, (i) => worker.fetch('/v1/models', { headers: { 'cf-connecting-ip': `2001:db8:aa:bb:${(i + 1).toString(16)}::${i * 7 + 1}` } }));
    expect(answered).toEqual([...new Array(RATE_LIMIT).fill(200), 429]);
    expect((await worker.fetch('/v1/models', { headers: { 'cf-connecting-ip': '2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff' } })).status).toBe(429);
    expect((await worker.fetch('/v1/models', { headers: { 'cf-connecting-ip': '2001:db8:aa:bc::1' } })).status).toBe(200);
  });

  it('charges a predict one unit per image, before decoding them', async () => {
    await awayFromWindowEnd();
    const four = { 'cf-connecting-ip': '198.51.100.4' };
    // 4 images: the request's unit and 3 more.
    const batch = await predictJson(worker, 4, four);
    expect(batch.status, await batch.text()).toBe(200);
    expect((await worker.fetch('/v1/models', { headers: four })).status).toBe(200);
    expect((await worker.fetch('/v1/models', { headers: four })).status).toBe(429);

    // More images than the whole budget: refused, though it is one request.
    const six = await predictJson(worker, RATE_LIMIT + 1, { 'cf-connecting-ip': '198.51.100.6' });
    expect(six.status).toBe(429);
    expect(errorBodySchema.parse(await six.json()).error.code).toBe('rate_limited');
  });
});

describe('REQUIRE_CLIENT_ADDRESS = "on" (production) in workerd', () => {
  it('refuses a request without a usable client address with 403, rather than sharing an `unknown` budget', async () => {
    // Miniflare fills in CF-Connecting-IP (loopback) when a request has none or an empty one, as
    // Cloudflare always does; what reaches the worker without an address is a malformed one (the
    // middleware's unit test covers a missing header).
    const refused = await strict.fetch('/v1/models', { headers: { 'cf-connecting-ip': 'not-an-address' } });
    expect(refused.status).toBe(403);
    expect(errorBodySchema.parse(await refused.json()).error.code).toBe('forbidden');
    expect((await strict.fetch('/v1/models', { headers: { 'cf-connecting-ip': '192.0.2.1' } })).status).toBe(200);
    // The admin is charged by its token and needs no address.
    expect((await strict.fetch('/v1/models', { headers: { 'cf-connecting-ip': 'not-an-address', authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await strict.fetch('/healthz')).status).toBe(200);
  });

  it('charges 64 images as 64 calls of the binding at little cost', async () => {
    const client = { 'cf-connecting-ip': '192.0.2.64' };
    const timed = async (images: number) => {
      const started = performance.now();
      const response = await predictJson(strict, images, client);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      return performance.now() - started;
    };
    await timed(64);
    const ms = Math.min(await timed(64), await timed(64));
    console.log(`a 64-image JSON predict, 64 units charged: ${ms.toFixed(1)} ms end to end`);
    expect(ms).toBeLessThan(2_000);
  });
});
