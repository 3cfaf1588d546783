import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { EdgeError } from '../../errors/edge-error.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the rateLimit middleware: whom this request's work is charged to (absent when the limit is off). */
    rateLimitKey: string;
  }
}

/**
 * Charges `units` of work (images or texts past the first, which the middleware charged) to this
 * request's client, before the work is done: 429 `rate_limited` when the client's budget for the
 * period is spent. The binding counts one unit per `limit()` call; the calls run concurrently (in
 * local workerd 64 of them take about a millisecond; on Cloudflare each is answered by the
 * location's cache). A binding that fails is logged and let through: the limit protects the
 * service, it must not become its outage.
 */
export async function chargeRateLimit(c: Context<AppEnv>, units: number): Promise<void> {
  const key = c.get('rateLimitKey');
  if (key === undefined || units <= 0) return;
  const limiter = c.env.RATE_LIMITER;
  let outcomes: RateLimitOutcome[];
  try {
    outcomes = await Promise.all(Array.from({ length: units }, () => limiter.limit({ key })));
  } catch (error) {
    console.error('the RATE_LIMITER binding failed; the request is not limited:', error);
    return;
  }
  if (outcomes.every((outcome) => outcome.success)) return;
  const { rateLimitRequests: limit, rateLimitPeriodSeconds: periodSeconds } = c.var.config;
  // The binding counts in windows of the period and says nothing of when one ends: a whole period is the honest bound.
  throw new EdgeError(
    'rate_limited',
    `too many requests: each client may spend ${limit} units (a request, or one per image or text) per ${periodSeconds} s; retry later`,
    { limit, periodSeconds, retryAfterSeconds: periodSeconds },
    { 'Retry-After': String(periodSeconds) },
  );
}
