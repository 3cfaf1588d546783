import { textVocabularySchema, TextTokenizer } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';

/** What a model takes, as far as its vocabulary goes: a text model's `vocabularySize`, when known, is checked against it. */
export type VocabularyInput = { kind: 'image' } | { kind: 'text'; maxLength: number; vocabularySize?: number };

/** A text model's tokenizer from its vocabulary.json; undefined for an image model, which must come without one. */
export function readVocabulary(input: VocabularyInput, bytes: Uint8Array | undefined): TextTokenizer | undefined {
  if (input.kind !== 'text') {
    if (bytes) throw new TrainerError('invalid_argument', 'a vocabulary is for text models; this manifest is an image model');
    return undefined;
  }
  if (!bytes) throw new TrainerError('invalid_argument', 'a text model needs its vocabulary: give --vocabulary vocabulary.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new TrainerError('invalid_argument', `the vocabulary is not JSON: ${(error as Error).message}`);
  }
  const vocabulary = textVocabularySchema.safeParse(json);
  if (!vocabulary.success) throw new TrainerError('invalid_argument', `the vocabulary is invalid: ${vocabulary.error.issues.map((issue) => issue.message).join('; ')}`);
  if (input.vocabularySize !== undefined && vocabulary.data.tokens.length !== input.vocabularySize) {
    throw new TrainerError('invalid_argument', `the vocabulary has ${vocabulary.data.tokens.length} tokens but input.vocabularySize says ${input.vocabularySize}`);
  }
  return new TextTokenizer(vocabulary.data, input.maxLength);
}
