import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { readConfig } from '../../config/read-config.ts';
import { EdgeError } from '../../errors/edge-error.ts';
import { TokenBuckets } from './token-buckets.ts';

/**
 * A per-client rate limit (`RATE_LIMIT_REQUESTS` per `RATE_LIMIT_PERIOD_SECONDS`), keyed by the
 * client IP Cloudflare gives in `CF-Connecting-IP`. Over it: 429 `rate_limited` with `Retry-After`.
 */
export function rateLimit(buckets = new TokenBuckets()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { rateLimitRequests, rateLimitPeriodSeconds } = readConfig(c.env);
    if (rateLimitRequests === 0 || c.req.method === 'OPTIONS') return next();
    const client = c.req.header('cf-connecting-ip') ?? 'unknown';
    const retryAfter = buckets.take(client, rateLimitRequests, rateLimitPeriodSeconds, Date.now());
    if (retryAfter > 0) {
      c.header('Retry-After', String(retryAfter));
      throw new EdgeError('rate_limited', `too many requests: ${rateLimitRequests} per ${rateLimitPeriodSeconds} s allowed; retry in ${retryAfter} s`, {
        limit: rateLimitRequests,
        periodSeconds: rateLimitPeriodSeconds,
        retryAfterSeconds: retryAfter,
      });
    }
    await next();
  };
}
