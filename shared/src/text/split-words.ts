/** Words are runs of letters, marks and digits with inner apostrophes; any other non-space character is a token of its own. */
const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/** NFKC-normalises and lower-cases `text`, then splits it into word and symbol tokens (the `words-v1` scheme). */
export function splitWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD_PATTERN) ?? [];
}
