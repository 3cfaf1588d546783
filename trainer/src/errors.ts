/** Stable codes: `user` codes are the caller's mistake (CLI exit 1), the rest internal faults (exit 2). */
export const USER_ERROR_CODES = [
  'invalid_argument',
  'invalid_config',
  'not_found',
  'unsupported_layer',
  'integrity_mismatch',
  'conflict',
  /** A model fails the edge-deployability check (operators, loading in workerd, size or start-up budgets). */
  'not_deployable',
] as const;
export const INTERNAL_ERROR_CODES = ['backend_unavailable', 'storage_failed', 'internal'] as const;
export type TrainerErrorCode = (typeof USER_ERROR_CODES)[number] | (typeof INTERNAL_ERROR_CODES)[number];

export class TrainerError extends Error {
  override readonly name = 'TrainerError';
  constructor(
    readonly code: TrainerErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isUserError(): boolean {
    return (USER_ERROR_CODES as readonly string[]).includes(this.code);
  }
}
