import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TrainerError } from '../errors.ts';
import { loadSpamAssassin } from './load-spam-assassin.ts';
import { parseTextFile } from './parse-text-file.ts';
import { stratifiedSplit, type StratifiedSplitOptions } from './stratified-split.ts';
import type { TextDataset } from './text-dataset.ts';

/** `spam` (the SpamAssassin corpus) or a path to a `.csv` / `.jsonl` file of text,label. */
export async function loadTextDataset(source: string, options: StratifiedSplitOptions = {}): Promise<TextDataset> {
  if (source === 'spam') return stratifiedSplit('spam-assassin', loadSpamAssassin(), options);
  const extension = path.extname(source).toLowerCase();
  const format = extension === '.csv' ? 'csv' : extension === '.jsonl' || extension === '.ndjson' ? 'jsonl' : undefined;
  if (!format) throw new TrainerError('invalid_argument', `text data "${source}": use "spam" or a .csv / .jsonl file`);
  let content: string;
  try {
    content = await readFile(source, 'utf8');
  } catch (error) {
    throw new TrainerError('not_found', `cannot read text data "${source}": ${(error as Error).message}`);
  }
  return stratifiedSplit(path.basename(source, extension), parseTextFile(content, format, path.basename(source)), options);
}
