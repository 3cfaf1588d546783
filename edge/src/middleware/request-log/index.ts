import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { matchedRoute } from './matched-route.ts';
import { requestRecord, type RequestRecord } from './request-record.ts';
import { toDataPoint } from './to-data-point.ts';

/**
 * One structured JSON line per request on the worker's log (Workers Logs indexes its fields) and
 * one data point in Workers Analytics Engine (`METRICS`), both built from the same record once
 * the answer is known. Registered first, so it sees the final status, including errors the
 * error handlers turned into answers (Hono keeps the thrown error in `c.error`). What the predict
 * routes know (model, version, batch size, timing) they hand over in `c.var.served`.
 * A missing or failing binding costs the metrics, never the request.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  let warned = false;
  return async (c, next) => {
    const started = performance.now();
    let thrown = false;
    try {
      await next();
    } catch (error) {
      // Only a non-Error throw gets here (Hono hands Errors to onError): workerd answers 500.
      thrown = true;
      throw error;
    } finally {
      const record = requestRecord({
        route: matchedRoute(c),
        method: c.req.method,
        status: thrown ? 500 : c.res.status,
        error: thrown ? new Error('non-Error thrown') : c.error,
        totalMs: performance.now() - started,
        served: c.var.served,
      });
      console.log(JSON.stringify(record));
      warned = writeMetrics(c.env, record, warned);
    }
  };
}

/** Writes the record's data point; returns whether the missing-binding warning has been given. */
function writeMetrics(env: Env, record: RequestRecord, warned: boolean): boolean {
  if (!env.METRICS) {
    // A deploy without the binding: said once per isolate, not on every request.
    if (!warned) console.warn('the METRICS Analytics Engine binding is missing; requests are logged but not counted');
    return true;
  }
  try {
    env.METRICS.writeDataPoint(toDataPoint(record));
  } catch (error) {
    console.warn('METRICS.writeDataPoint failed:', error instanceof Error ? error.message : String(error));
  }
  return warned;
}
