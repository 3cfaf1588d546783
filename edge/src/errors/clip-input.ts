/** Longest request value an error message or its details repeat back. */
export const MAX_ECHOED_CHARS = 64;

/**
 * A request value as error messages quote it: cut to `max` characters (the last one an ellipsis),
 * so a 5,000-character name costs its sender, not the answer. Every value a client chose (a model
 * name, a version, a path, a method, a parser's message about the body) goes through here.
 */
export function clipInput(value: unknown, max = MAX_ECHOED_CHARS): string {
  const text = typeof value === 'string' ? value : String(value);
  // Array.from counts code points, so an ellipsis never splits a surrogate pair.
  // (Only the head is split: a code point is at most two code units.)
  const chars = Array.from(text.slice(0, max * 2 + 2));
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
