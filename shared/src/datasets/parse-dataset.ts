import { InputError } from '../errors.ts';
import type { DatasetFormat, TrainingTask } from '../schemas/training.ts';
import type { DatasetItem, ImageRow, TextRow } from './dataset-item.ts';
import { parseIdx } from './parse-idx.ts';
import { parseImageFolders } from './parse-image-folders.ts';
import { parseTextCsv } from './parse-text-csv.ts';
import { parseTextJsonl } from './parse-text-jsonl.ts';

/** The task a dataset of this format trains. */
export function datasetFormatTask(format: DatasetFormat): TrainingTask {
  return format === 'csv' || format === 'jsonl' ? 'text-classification' : 'image-classification';
}

/** An uploaded dataset's rows and problems, lazily in file order. Throws InputError when the file as a whole cannot be read. */
export function parseDataset(format: 'csv' | 'jsonl', bytes: Uint8Array): Iterable<DatasetItem<TextRow>>;
export function parseDataset(format: 'zip' | 'tar' | 'idx', bytes: Uint8Array): Iterable<DatasetItem<ImageRow>>;
export function parseDataset(format: DatasetFormat, bytes: Uint8Array): Iterable<DatasetItem<TextRow | ImageRow>>;
export function parseDataset(format: DatasetFormat, bytes: Uint8Array): Iterable<DatasetItem<TextRow | ImageRow>> {
  switch (format) {
    case 'csv':
      return parseTextCsv(decodeUtf8(bytes));
    case 'jsonl':
      return parseTextJsonl(decodeUtf8(bytes));
    case 'zip':
    case 'tar':
      return parseImageFolders(bytes);
    case 'idx':
      return parseIdx(bytes);
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError('validation_failed', 'the file is not UTF-8 text');
  }
}
