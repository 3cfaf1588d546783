import { errorBodySchema } from '@edgeml/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../app-env.ts';
import { errorHandler } from '../error-handler/index.ts';
import { chargeRateLimit } from './charge-rate-limit.ts';
import { edgeConfig } from '../config/index.ts';
import { rateLimit } from './index.ts';

/** The binding as Miniflare runs it: a count per key, `limit` per window. */
function fakeLimiter(limit: number): RateLimit & { calls: string[] } {
  const counts = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    async limit({ key }) {
      calls.push(key);
      const count = counts.get(key) ?? 0;
      if (count >= limit) return { success: false };
      counts.set(key, count + 1);
      return { success: true };
    },
  };
}

function app(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', edgeConfig)
    .use('*', rateLimit())
    .post('/predict/:images', async (c) => {
      await chargeRateLimit(c, Number(c.req.param('images')) - 1);
      return c.text('ok');
    })
    .onError(errorHandler);
}

function env(vars: Record<string, string>, limiter: RateLimit): Env {
  return { RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_PERIOD_SECONDS: '60', ...vars, RATE_LIMITER: limiter } as unknown as Env;
}

describe('rateLimit', () => {
  it('charges one unit per request and one per further image, keyed by address', async () => {
    const limiter = fakeLimiter(5);
    const headers = { 'cf-connecting-ip': '2001:db8::1' };
    expect((await app().request('/predict/4', { method: 'POST', headers }, env({}, limiter))).status).toBe(200);
    expect(limiter.calls).toEqual(new Array(4).fill('ip:2001:db8:0:0::/64'));
    expect((await app().request('/predict/1', { method: 'POST', headers }, env({}, limiter))).status).toBe(200);
    const limited = await app().request('/predict/1', { method: 'POST', headers }, env({}, limiter));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(errorBodySchema.parse(await limited.json()).error.code).toBe('rate_limited');
  });

  it('shares one `unknown` budget without an address, unless an address is required', async () => {
    const limiter = fakeLimiter(5);
    expect((await app().request('/predict/1', { method: 'POST' }, env({}, limiter))).status).toBe(200);
    expect(limiter.calls).toEqual(['unknown']);
    const refused = await app().request('/predict/1', { method: 'POST' }, env({ REQUIRE_CLIENT_ADDRESS: 'on' }, limiter));
    expect(refused.status).toBe(403);
    expect(errorBodySchema.parse(await refused.json()).error.code).toBe('forbidden');
    expect(limiter.calls).toHaveLength(1);
  });

  it('is off with RATE_LIMIT_REQUESTS = "0", and lets requests through when the binding fails', async () => {
    const limiter = fakeLimiter(0);
    expect((await app().request('/predict/9', { method: 'POST' }, env({ RATE_LIMIT_REQUESTS: '0' }, limiter))).status).toBe(200);
    expect(limiter.calls).toHaveLength(0);
    const broken: RateLimit = { limit: () => Promise.reject(new Error('binding down')) };
    const log = console.error;
    console.error = () => {};
    try {
      expect((await app().request('/predict/2', { method: 'POST' }, env({}, broken))).status).toBe(200);
    } finally {
      console.error = log;
    }
  });
});
