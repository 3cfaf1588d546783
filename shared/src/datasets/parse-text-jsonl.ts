import type { DatasetItem, TextRow } from './dataset-item.ts';
import { checkTextRow, isOverlong } from './check-text-row.ts';
import { DATASET_LIMITS } from './dataset-limits.ts';

/** Rows of JSON Lines, one `{"text": string, "label": string | number}` a line; blank lines are skipped. */
export function* parseTextJsonl(text: string): Generator<DatasetItem<TextRow>> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, content] of lines.entries()) {
    const line = index + 1;
    if (content.trim() === '') continue;
    if (isOverlong(content, DATASET_LIMITS.maxRowBytes)) {
      yield { problem: { line, message: `row longer than ${DATASET_LIMITS.maxRowBytes} bytes` } };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      yield { problem: { line, message: 'not valid JSON' } };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { problem: { line, message: 'expected an object {"text", "label"}' } };
      continue;
    }
    const { text: rowText, label } = value as Record<string, unknown>;
    yield checkTextRow(line, typeof rowText === 'string' ? rowText : undefined, typeof label === 'string' || typeof label === 'number' ? String(label) : undefined);
  }
}
