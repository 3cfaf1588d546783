import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { REPO_ROOT } from '../support/published-model.ts';

describe('the RATE_LIMITER binding in wrangler.toml', () => {
  it.each([undefined, 'staging', 'production'])('%s: has the binding, its vars repeat its limit and period, and production-like envs require an address', (env) => {
    const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(REPO_ROOT, 'wrangler.toml'), env);
    const vars = workerOptions.bindings as Record<string, string>;
    const binding = (workerOptions.ratelimits as Record<string, { simple: { limit: number; period?: number } }> | undefined)?.RATE_LIMITER;
    expect(binding).toBeDefined();
    // The worker cannot read the binding's configuration: the 429 body and Retry-After come from these vars.
    expect(Number(vars.RATE_LIMIT_REQUESTS)).toBe(binding!.simple.limit);
    expect(Number(vars.RATE_LIMIT_PERIOD_SECONDS)).toBe(binding!.simple.period);
    expect(vars.REQUIRE_CLIENT_ADDRESS).toBe(env === undefined ? 'off' : 'on');
  });
});
