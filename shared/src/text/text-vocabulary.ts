import { z } from 'zod';
import { PAD_TOKEN, UNK_TOKEN } from './text-tokenizer-params.ts';

/**
 * The vocabulary artifact (`vocabulary.json`) published with a text model: token i has id i.
 * Ids 0 and 1 are `<pad>` and `<unk>`.
 */
export const textVocabularySchema = z
  .object({
    schemaVersion: z.literal(1),
    tokens: z.array(z.string().min(1)).min(2),
  })
  .refine((v) => v.tokens[0] === PAD_TOKEN && v.tokens[1] === UNK_TOKEN, {
    message: `the first two tokens must be "${PAD_TOKEN}" and "${UNK_TOKEN}"`,
  })
  .refine((v) => new Set(v.tokens).size === v.tokens.length, { message: 'tokens must be unique' });
export type TextVocabulary = z.infer<typeof textVocabularySchema>;
