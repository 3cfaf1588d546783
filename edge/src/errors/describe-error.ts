import { InputError, type ErrorBody } from '@edgeml/shared';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EdgeError } from './edge-error.ts';
import { errorStatus } from './error-status.ts';

export interface ErrorDescription {
  status: ContentfulStatusCode;
  body: ErrorBody;
  /** True for a fault of ours, which is logged; the client sees a generic message. */
  internal: boolean;
}

/**
 * What the client is told about an error: the code's status and message for our errors and
 * for bad input, and a generic `internal` answer, without a stack or message, for anything else.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof EdgeError || error instanceof InputError) {
    const { code, message, details } = error;
    return {
      status: errorStatus(code),
      body: { error: details === undefined ? { code, message } : { code, message, details } },
      internal: false,
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own helpers throw these for malformed requests.
    return {
      status: error.status as ContentfulStatusCode,
      body: { error: { code: 'bad_request', message: error.message || 'bad request' } },
      internal: false,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'internal error' } },
    internal: true,
  };
}
