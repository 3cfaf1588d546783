export { splitWords } from './split-words.ts';
export { buildVocabulary } from './build-vocabulary.ts';
export type { BuildVocabularyOptions } from './build-vocabulary.ts';
export { TextTokenizer } from './text-tokenizer.ts';
export { textVocabularySchema } from './text-vocabulary.ts';
export type { TextVocabulary } from './text-vocabulary.ts';
export {
  DEFAULT_TEXT_TOKENIZER_PARAMS,
  PAD_ID,
  PAD_TOKEN,
  textTokenizerParamsSchema,
  UNK_ID,
  UNK_TOKEN,
} from './text-tokenizer-params.ts';
export type { TextTokenizerParams } from './text-tokenizer-params.ts';
