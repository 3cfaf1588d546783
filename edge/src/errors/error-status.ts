import type { ErrorCode } from '@edgeml/shared';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  invalid_image: 400,
  // A readable image with no digit in it (blank, uniform, a speck, ink everywhere): a guess would mislead.
  no_digit: 422,
  empty_body: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  model_not_found: 404,
  version_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  quota_exceeded: 429,
  job_cancelled: 409,
  invalid_state: 409,
  limit_exceeded: 429,
  dataset_not_found: 404,
  job_not_found: 404,
  // The client cannot fix these: the published model is broken or over this worker's budget.
  model_unavailable: 503,
  model_too_large: 503,
  // The version's outputs in this runtime differ from the trainer's golden vectors beyond tolerance.
  golden_mismatch: 503,
  internal: 500,
};

/** The HTTP status every error with this code is answered with. */
export function errorStatus(code: ErrorCode): ContentfulStatusCode {
  return STATUS_BY_CODE[code];
}
