import { MAX_PREDICT_BATCH, textPredictRequestSchema } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { validationFailed } from '../errors/validation-failed.ts';

export interface TextPredictInput {
  texts: string[];
  version?: string;
}

/**
 * Checks a text predict body: exactly one of `text` (a string) or `texts` (1 to MAX_PREDICT_BATCH strings),
 * each non-blank and at most `maxChars` characters. Each failure is a typed 4xx naming the text.
 */
export function parseTextPredictBody(body: unknown, maxChars: number, maxBatch = MAX_PREDICT_BATCH): TextPredictInput {
  const parsed = textPredictRequestSchema.safeParse(body);
  if (!parsed.success) throw validationFailed('a text predict body is { "text": "..." } or { "texts": ["...", ...] }', parsed.error.issues);
  const { text, texts, version } = parsed.data;
  if ((text === undefined) === (texts === undefined)) throw new EdgeError('validation_failed', 'give exactly one of "text" (one text) or "texts" (a batch)');
  let list: unknown[];
  if (texts !== undefined) {
    if (!Array.isArray(texts)) throw new EdgeError('validation_failed', '"texts" must be an array of strings');
    if (texts.length === 0) throw new EdgeError('validation_failed', '"texts" is empty');
    if (texts.length > maxBatch) throw new EdgeError('payload_too_large', `"texts" holds ${texts.length} texts, over the limit of ${maxBatch}`, { count: texts.length, limit: maxBatch });
    list = texts;
  } else list = [text];
  list.forEach((value, index) => {
    if (typeof value !== 'string') throw new EdgeError('validation_failed', `text ${index} is ${value === null ? 'null' : typeof value}, not a string`, { index });
    if (value.trim() === '') throw new EdgeError('validation_failed', `text ${index} is empty`, { index });
  });
  checkTextLengths(list as string[], maxChars);
  return { texts: list as string[], version };
}

/** 413 `payload_too_large` naming the first text over `maxChars` (the worker's limit, then the model's own). */
export function checkTextLengths(texts: readonly string[], maxChars: number): void {
  texts.forEach((text, index) => {
    if (text.length > maxChars) {
      throw new EdgeError('payload_too_large', `text ${index} is ${text.length} characters, over the limit of ${maxChars}`, { index, length: text.length, limit: maxChars });
    }
  });
}
