import { InputError, type ErrorBody, type ErrorCode } from '@edgeml/shared';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { clipInput } from './clip-input.ts';
import { EdgeError } from './edge-error.ts';
import { errorStatus } from './error-status.ts';

export interface ErrorDescription {
  status: ContentfulStatusCode;
  body: ErrorBody;
  /** Headers the answer carries (`Retry-After`). */
  headers?: Readonly<Record<string, string>>;
  /** True for a fault on our side (any 5xx), which is logged in full; the client sees a generic message. */
  internal: boolean;
}

/**
 * What a 5xx says, whatever went wrong: the specifics (R2 keys, schema messages, sizes read from
 * the store) are for the log, never for a client who cannot fix them.
 */
const GENERIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  model_unavailable: 'the model is unavailable here; try again later',
  model_too_large: "the model is over this worker's size limit",
  golden_mismatch: "the model's outputs here disagree with its golden vectors",
};

/**
 * What the client is told about an error: the code's status and message for bad input (its
 * message cut short), a generic message for our own 5xx codes, and a generic `internal` answer,
 * without a stack or message, for anything else.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof EdgeError || error instanceof InputError) {
    const { code, details } = error;
    const status = errorStatus(code);
    const internal = status >= 500;
    // Structured details stay (numbers and names our code chose); only the free-text message goes generic.
    const message = internal ? (GENERIC_MESSAGES[code] ?? 'internal error') : error.message;
    const headers = error instanceof EdgeError ? error.headers : undefined;
    return {
      status,
      body: { error: details === undefined ? { code, message } : { code, message, details } },
      ...(headers ? { headers } : {}),
      internal,
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own helpers throw these for malformed requests; their messages may quote the request.
    return {
      status: error.status as ContentfulStatusCode,
      body: { error: { code: 'bad_request', message: error.message ? clipInput(error.message, 200) : 'bad request' } },
      internal: false,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'internal error' } },
    internal: true,
  };
}
