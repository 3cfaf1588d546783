import { z } from 'zod';

/** Stable machine-readable error codes shared by the edge's answers and clients. */
export const errorCodeSchema = z.enum([
  'bad_request',
  'invalid_json',
  'validation_failed',
  'invalid_image',
  'no_digit',
  'empty_body',
  'payload_too_large',
  'unsupported_media_type',
  'model_not_found',
  'version_not_found',
  'model_unavailable',
  'model_too_large',
  'golden_mismatch',
  'not_found',
  'method_not_allowed',
  'unauthorized',
  'forbidden',
  'conflict',
  'rate_limited',
  /** A feedback client's daily (or per-request) allowance is spent; see Retry-After. */
  'quota_exceeded',
  /** A training job or dataset is not in the state the request needs (cancelled, finished, in use). */
  'job_cancelled',
  'invalid_state',
  /** A token's running jobs or dataset bytes are at its limit. */
  'limit_exceeded',
  'dataset_not_found',
  'job_not_found',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
