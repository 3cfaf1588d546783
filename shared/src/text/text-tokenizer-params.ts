import { z } from 'zod';

/** Ids every vocabulary reserves: 0 pads, 1 stands for any word the vocabulary lacks. */
export const PAD_ID = 0;
export const UNK_ID = 1;
export const PAD_TOKEN = '<pad>';
export const UNK_TOKEN = '<unk>';

/**
 * How text becomes token ids; stored in the manifest so the edge runs exactly what the trainer ran.
 * `words-v1`: NFKC, lower-case, runs of letters/digits (with inner apostrophes) and single symbols.
 */
export const textTokenizerParamsSchema = z.object({
  scheme: z.literal('words-v1'),
  normalization: z.literal('NFKC'),
  lowercase: z.literal(true),
  padId: z.literal(PAD_ID),
  unkId: z.literal(UNK_ID),
  /** `end`: keep the first `maxLength` tokens; padding goes after the tokens. */
  truncation: z.literal('end'),
  padding: z.literal('end'),
});
export type TextTokenizerParams = z.infer<typeof textTokenizerParamsSchema>;

export const DEFAULT_TEXT_TOKENIZER_PARAMS: TextTokenizerParams = {
  scheme: 'words-v1',
  normalization: 'NFKC',
  lowercase: true,
  padId: PAD_ID,
  unkId: UNK_ID,
  truncation: 'end',
  padding: 'end',
};
