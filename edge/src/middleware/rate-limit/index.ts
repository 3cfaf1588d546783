import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { EdgeError } from '../../errors/edge-error.ts';
import { chargeRateLimit } from './charge-rate-limit.ts';
import { rateLimitKey } from './rate-limit-key.ts';

/** The one bucket of requests without a client address where none is required (local runs). */
const UNKNOWN_CLIENT = 'unknown';

/**
 * The per-client rate limit on Cloudflare's Rate Limiting binding (`RATE_LIMITER`): one unit per
 * request here; a predict charges its further images or texts with `chargeRateLimit` once it has
 * parsed how many there are, before decoding them. Keyed by `rateLimitKey`; with
 * `REQUIRE_CLIENT_ADDRESS = "on"` a request it cannot key is refused with 403. `RATE_LIMIT_REQUESTS
 * = "0"` turns it off. Over it: 429 `rate_limited` with `Retry-After`.
 */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  let warned = false;
  return async (c, next) => {
    const config = c.var.config;
    if (config.rateLimitRequests === 0 || c.req.method === 'OPTIONS') return next();
    if (!c.env.RATE_LIMITER) {
      // A deploy without the binding: logged once per isolate rather than refusing all traffic.
      if (!warned) console.error('RATE_LIMIT_REQUESTS is set but the RATE_LIMITER binding is missing; requests are not limited');
      warned = true;
      return next();
    }
    const key = await rateLimitKey(c);
    if (key === undefined && config.requireClientAddress) {
      throw new EdgeError('forbidden', 'this request carries no client address (CF-Connecting-IP); it is only served through Cloudflare');
    }
    c.set('rateLimitKey', key ?? UNKNOWN_CLIENT);
    await chargeRateLimit(c, 1);
    await next();
  };
}
