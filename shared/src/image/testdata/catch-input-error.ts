import { InputError } from '../../errors.ts';

/** The InputError `run` throws; anything else thrown (or nothing) fails the test. */
export function catchInputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw new Error(`expected an InputError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
