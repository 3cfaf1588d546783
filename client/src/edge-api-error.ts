import { errorBodySchema, type ErrorCode } from '@edgeml/shared';

/**
 * The one error class of @edgeml/client: a non-2xx answer of the worker, with its status and the
 * error body's stable `code` (`http_error` when the body is not the worker's error body).
 */
export class EdgeApiError extends Error {
  override readonly name = 'EdgeApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'http_error',
    message: string,
    readonly details?: unknown,
    /** The answer's body as sent (cut to 2,000 characters). */
    readonly body = '',
  ) {
    super(message);
  }

  /** The error a failed answer carries; its body is read. */
  static async of(response: Response, operation: string): Promise<EdgeApiError> {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const parsed = errorBodySchema.safeParse(body);
    const kept = text.slice(0, 2000);
    if (parsed.success) return new EdgeApiError(response.status, parsed.data.error.code, `${operation} answered ${response.status}: ${kept}`, parsed.data.error.details, kept);
    return new EdgeApiError(response.status, 'http_error', `${operation} answered ${response.status}: ${kept}`, undefined, kept);
  }
}
