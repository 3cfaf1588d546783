import type { DatasetItem, TextRow } from './dataset-item.ts';
import { checkTextRow, isOverlong } from './check-text-row.ts';
import { DATASET_LIMITS } from './dataset-limits.ts';
import { readCsvRecords } from './read-csv-records.ts';

/**
 * Rows of a text CSV whose header names a `text` and a `label` column (any order, any case, other
 * columns ignored). Throws nothing: a missing header is one problem at line 1.
 */
export function* parseTextCsv(text: string): Generator<DatasetItem<TextRow>> {
  const records = readCsvRecords(text);
  const header = records.next();
  if (header.done) {
    yield { problem: { line: 1, message: 'empty file: expected a header line "text,label"' } };
    return;
  }
  const names = header.value.fields.map((name) => name.trim().toLowerCase());
  const textColumn = names.indexOf('text');
  const labelColumn = names.indexOf('label');
  if (textColumn < 0 || labelColumn < 0) {
    yield { problem: { line: header.value.line, message: `the header must name the columns text and label; it has ${names.join(', ').slice(0, 200)}` } };
    return;
  }
  for (const record of records) {
    const { line } = record;
    if (record.unterminated) yield { problem: { line, message: 'a quoted field is not closed' } };
    else if (isOverlong(text.slice(record.start, record.end), DATASET_LIMITS.maxRowBytes)) {
      yield { problem: { line, message: `row longer than ${DATASET_LIMITS.maxRowBytes} bytes` } };
    } else yield checkTextRow(line, record.fields[textColumn], record.fields[labelColumn]);
  }
}
