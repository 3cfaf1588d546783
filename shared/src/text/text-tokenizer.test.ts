import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { buildVocabulary } from './build-vocabulary.ts';
import { splitWords } from './split-words.ts';
import { TextTokenizer } from './text-tokenizer.ts';
import { textVocabularySchema } from './text-vocabulary.ts';

describe('splitWords', () => {
  it('NFKC-normalises, lower-cases and splits words from symbols', () => {
    // U+FB01 is the "fi" ligature, U+FF21 a full-width A: NFKC folds both.
    expect(splitWords('Hello, WORLD! ﬁne Ａpple don’t $100')).toEqual(['hello', ',', 'world', '!', 'fine', 'apple', 'don’t', '$', '100']);
    expect(splitWords('   \n\t ')).toEqual([]);
  });
});

describe('buildVocabulary', () => {
  it('orders words by count then code units, after <pad> and <unk>, and caps the size', () => {
    const vocabulary = buildVocabulary(['b a a', 'c b a', 'd'], { maxSize: 5 });
    expect(vocabulary.tokens).toEqual(['<pad>', '<unk>', 'a', 'b', 'c']);
    expect(textVocabularySchema.parse(vocabulary)).toEqual(vocabulary);
  });

  it('drops words rarer than minCount and rejects a size without room for words', () => {
    expect(buildVocabulary(['x x y'], { maxSize: 10, minCount: 2 }).tokens).toEqual(['<pad>', '<unk>', 'x']);
    expect(() => buildVocabulary([], { maxSize: 2 })).toThrow(InputError);
  });
});

describe('TextTokenizer', () => {
  const tokenizer = new TextTokenizer(buildVocabulary(['free money now', 'money'], { maxSize: 10 }), 4);

  it('maps unknown words to 1 and pads with 0 after the tokens', () => {
    expect([...tokenizer.encode('MONEY for free')]).toEqual([2, 1, 3, 0]);
  });

  it('keeps the first maxLength tokens', () => {
    expect([...tokenizer.encode('now now money free free')]).toEqual([4, 4, 2, 3]);
  });

  it('encodes a batch row after row', () => {
    expect([...tokenizer.encodeBatch(['free', ''])]).toEqual([3, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('rejects a vocabulary without the reserved tokens', () => {
    expect(textVocabularySchema.safeParse({ schemaVersion: 1, tokens: ['a', 'b'] }).success).toBe(false);
  });
});
