import type { DatasetProblem } from '../schemas/training.ts';
import type { DatasetItem, TextRow } from './dataset-item.ts';
import { DATASET_LIMITS } from './dataset-limits.ts';

const encoder = new TextEncoder();

/** UTF-8 length, computed only when the string could be over `limit` (a character is at most 3 bytes). */
export function isOverlong(text: string, limit: number): boolean {
  return text.length * 3 > limit && encoder.encode(text).length > limit;
}

/** The rules a text row obeys in every format: text and label present, label a short name. */
export function checkTextRow(line: number, text: string | undefined, label: string | undefined): DatasetItem<TextRow> {
  const problem = (message: string): { problem: DatasetProblem } => ({ problem: { line, message } });
  if (text === undefined || text.trim() === '') return problem('empty text');
  const trimmedLabel = label?.trim() ?? '';
  if (trimmedLabel === '') return problem('missing label');
  if (trimmedLabel.length > DATASET_LIMITS.maxLabelLength) return problem(`label longer than ${DATASET_LIMITS.maxLabelLength} characters`);
  return { row: { line, text, label: trimmedLabel } };
}
