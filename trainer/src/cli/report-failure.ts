import { InputError } from '@edgeml/shared';
import { TrainerError, USER_ERROR_CODES } from '../errors.ts';

/** Node's codes for a path the user gave that is missing or unreadable. */
const USER_FILE_CODES = ['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES'];

/**
 * The one exit rule of the CLI: 1 for the user's mistakes (a bad flag or value, a missing file, bad input,
 * any error whose code names a user mistake), 2 for internal faults, which print their stack to report.
 * Returns the exit code after printing the message on stderr.
 */
export function reportFailure(command: string, error: unknown): 1 | 2 {
  const prefix = `trainer${command ? ` ${command}` : ''}:`;
  if (isUserMistake(error)) {
    console.error(`${prefix} ${(error as Error).message}`);
    return 1;
  }
  console.error(`${prefix} internal error (a bug or a broken environment; the stack below says where):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 2;
}

function isUserMistake(error: unknown): boolean {
  if (error instanceof TrainerError) return error.isUserError;
  if (error instanceof InputError) return true;
  if (!(error instanceof Error) || !('code' in error)) return false;
  const code = String(error.code);
  return USER_FILE_CODES.includes(code) || (USER_ERROR_CODES as readonly string[]).includes(code);
}
