import { InputError } from '../errors.ts';
import { splitWords } from './split-words.ts';
import { PAD_ID, UNK_ID } from './text-tokenizer-params.ts';
import type { TextVocabulary } from './text-vocabulary.ts';

/**
 * Turns texts into fixed-length rows of token ids, the same way in the trainer and at the edge.
 * Ids are float32 because the exported models take float inputs (the graph casts them to int64).
 */
export class TextTokenizer {
  private readonly ids: Map<string, number>;

  constructor(
    readonly vocabulary: TextVocabulary,
    readonly maxLength: number,
  ) {
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new InputError('validation_failed', `maxLength must be a positive integer, got ${maxLength}`);
    this.ids = new Map(vocabulary.tokens.map((token, id) => [token, id]));
  }

  get vocabularySize(): number {
    return this.vocabulary.tokens.length;
  }

  /** A word's id: `<unk>`'s when the vocabulary lacks it. */
  tokenId(word: string): number {
    return this.ids.get(word) ?? UNK_ID;
  }

  /** Ids of every token of `text`, without truncation or padding. */
  tokenIds(text: string): number[] {
    return splitWords(text).map((word) => this.tokenId(word));
  }

  /** One text as `maxLength` ids: the first `maxLength` tokens, then `<pad>`. */
  encode(text: string): Float32Array {
    const row = new Float32Array(this.maxLength).fill(PAD_ID);
    const ids = this.tokenIds(text);
    for (let i = 0; i < Math.min(ids.length, this.maxLength); i++) row[i] = ids[i]!;
    return row;
  }

  /** Texts as one row-major [texts.length, maxLength] batch. */
  encodeBatch(texts: readonly string[]): Float32Array {
    const batch = new Float32Array(texts.length * this.maxLength);
    texts.forEach((text, i) => batch.set(this.encode(text), i * this.maxLength));
    return batch;
  }
}
