/** The message of whatever a codec threw, for wrapping it in an InputError. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
