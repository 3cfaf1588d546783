import type { ErrorCode } from '@edgeml/shared';

/**
 * The one error class of the edge: a failure with a stable `code` from the wire contract.
 * The error handler turns it into `{ error: { code, message, details? } }` with the code's status,
 * and sets `headers` (such as `Retry-After`) on the answer.
 */
export class EdgeError extends Error {
  override readonly name = 'EdgeError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}
