import type { ErrorCode } from './schemas/error.ts';

/**
 * The one error class of `shared`: bad input found while validating or preprocessing.
 * `code` is stable and part of the wire contract; the edge maps it to an HTTP status.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
