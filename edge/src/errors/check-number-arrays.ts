import { validationFailed } from './validation-failed.ts';

/**
 * Checks, before schema parsing, that each of `arrays` (a path and the value found there) holds at
 * most `maxLength` finite numbers, and stops at the first value that is not one. The schema would
 * report every wrong element (a body of 400,000 strings made 400,000 issues, and zod overflowed
 * the stack); this reports one, in time linear in the body. Values that are not arrays are left
 * to the schema.
 */
export function checkNumberArrays(arrays: Iterable<[path: readonly PropertyKey[], value: unknown]>, maxLength: number, message: string): void {
  for (const [path, value] of arrays) {
    if (!Array.isArray(value)) continue;
    if (value.length > maxLength) throw validationFailed(message, [{ path, message: `holds ${value.length} values, over the limit of ${maxLength}` }]);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (typeof element !== 'number' || !Number.isFinite(element)) {
        throw validationFailed(message, [{ path: [...path, i], message: `expected a finite number, got ${describe(element)}` }]);
      }
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? 'a string' : typeof value;
}
