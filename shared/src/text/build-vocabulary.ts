import { InputError } from '../errors.ts';
import { splitWords } from './split-words.ts';
import { PAD_TOKEN, UNK_TOKEN } from './text-tokenizer-params.ts';
import type { TextVocabulary } from './text-vocabulary.ts';

export interface BuildVocabularyOptions {
  /** Largest vocabulary, `<pad>` and `<unk>` included. */
  maxSize: number;
  /** Words seen fewer times than this map to `<unk>` (default 1). */
  minCount?: number;
}

/** Builds a word vocabulary from training texts: most frequent first, ties broken by code-unit order so it is deterministic. */
export function buildVocabulary(texts: Iterable<string>, options: BuildVocabularyOptions): TextVocabulary {
  if (!Number.isInteger(options.maxSize) || options.maxSize < 3) {
    throw new InputError('validation_failed', `maxSize must be an integer ≥ 3, got ${options.maxSize}`);
  }
  const minCount = options.minCount ?? 1;
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  counts.delete(PAD_TOKEN);
  counts.delete(UNK_TOKEN);
  const ranked = [...counts].filter(([, count]) => count >= minCount);
  ranked.sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0));
  const words = ranked.slice(0, options.maxSize - 2).map(([word]) => word);
  return { schemaVersion: 1, tokens: [PAD_TOKEN, UNK_TOKEN, ...words] };
}
