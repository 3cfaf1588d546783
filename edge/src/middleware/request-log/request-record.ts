import { describeError } from '../../errors/describe-error.ts';
import type { ServedModel } from './served-model.ts';

/**
 * One request's log line (and, through `toDataPoint`, its metrics point). Only what the server
 * chose: the route's pattern, never the raw path or query; no address, client id, user agent or
 * body. Every key is always present (null when unknown), so queries see one shape.
 */
export interface RequestRecord {
  event: 'request';
  /** The matched route pattern (`/v1/models/:name/predict`), or `unmatched`. */
  route: string;
  method: string;
  status: number;
  /** The error body's `code` for a 4xx or 5xx answer. */
  errorCode: string | null;
  model: string | null;
  version: string | null;
  /** Images or texts in the prediction (the batch size). */
  count: number | null;
  /** The whole request in the worker, in ms (on Cloudflare the clock advances only across I/O). */
  totalMs: number;
  preprocessMs: number | null;
  inferenceMs: number | null;
  /** Whether this request loaded the model into the isolate. */
  coldLoad: boolean | null;
}

export const UNMATCHED_ROUTE = 'unmatched';

/** A client may send any method token; only these are recorded as sent. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface RequestOutcome {
  route: string;
  method: string;
  status: number;
  /** The error the handler threw (Hono's `c.error`), if any. */
  error: unknown;
  totalMs: number;
  served: ServedModel | undefined;
}

export function requestRecord(outcome: RequestOutcome): RequestRecord {
  const { served } = outcome;
  return {
    event: 'request',
    route: outcome.route,
    method: KNOWN_METHODS.has(outcome.method) ? outcome.method : 'OTHER',
    status: outcome.status,
    errorCode: errorCode(outcome.status, outcome.error),
    model: served?.model ?? null,
    version: served?.version ?? null,
    count: served?.count ?? null,
    totalMs: round(outcome.totalMs),
    preprocessMs: served?.timing ? round(served.timing.preprocessMs) : null,
    inferenceMs: served?.timing ? round(served.timing.inferenceMs) : null,
    coldLoad: served?.coldLoad ?? null,
  };
}

/** The code the error handler put in the body (it describes the same error the same way), for error statuses only. */
function errorCode(status: number, error: unknown): string | null {
  if (status < 400) return null;
  if (error !== undefined) return describeError(error).body.error.code;
  // The not-found handler answers without an error; any other bare error status is named by its number.
  return status === 404 ? 'not_found' : `http_${status}`;
}

/** Hundredths of a millisecond: finer is noise, and the log line stays short. */
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
