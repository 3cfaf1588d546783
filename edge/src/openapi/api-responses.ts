import type { z } from '@hono/zod-openapi';
import { apiExamples } from './api-examples.ts';
import { apiSchemas } from './api-schemas.ts';

/** A JSON body of `schema` with its example. */
export function json<S extends z.ZodType>(schema: S, example: unknown) {
  return { 'application/json': { schema, example } };
}

/** A JSON answer: its description, schema and example. */
export function jsonResponse<S extends z.ZodType>(description: string, schema: S, example: unknown) {
  return { description, content: json(schema, example) };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'bad input: invalid_json, validation_failed, invalid_image, empty_body or bad_request',
  401: 'unauthorized: no bearer token',
  403: 'forbidden: the token is not valid',
  404: 'model_not_found, version_not_found or not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large: the body is over MAX_BODY_BYTES, an image over MAX_IMAGE_SIDE or MAX_IMAGE_PIXELS, or the images over MAX_REQUEST_PIXELS',
  415: 'unsupported_media_type',
  422: 'no_digit: a readable image with no digit-like ink (blank, uniform, a speck, ink everywhere)',
  429: 'rate_limited: over RATE_LIMIT_REQUESTS units (a request, plus one per further image or text) per RATE_LIMIT_PERIOD_SECONDS; see Retry-After',
  500: 'internal',
  503: 'model_unavailable, model_too_large or golden_mismatch (a generic message; after a failed load, Retry-After)',
};

/** The error answers of an operation: every one the `{ error: { code, message, details? } }` body. */
export function errorResponses<const S extends readonly number[]>(statuses: S, overrides: Partial<Record<number, string>> = {}) {
  return Object.fromEntries(statuses.map((status) => [status, jsonResponse(overrides[status] ?? ERROR_TEXT[status] ?? 'error', apiSchemas.ErrorBody, apiExamples.error)])) as Record<
    S[number],
    ReturnType<typeof jsonResponse<typeof apiSchemas.ErrorBody>>
  >;
}

/** `/predict`'s error answers: the primer's `{ error, status: "error" }` (a 429 comes from the shared limiter, in the usual body). */
export function legacyErrorResponses<const S extends readonly number[]>(statuses: S) {
  return Object.fromEntries(statuses.map((status) => [status, jsonResponse(ERROR_TEXT[status] ?? 'error', apiSchemas.LegacyErrorResponse, apiExamples.legacyError)])) as Record<
    S[number],
    ReturnType<typeof jsonResponse<typeof apiSchemas.LegacyErrorResponse>>
  >;
}
