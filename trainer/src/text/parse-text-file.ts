import { TrainerError } from '../errors.ts';
import type { TextExample } from './text-dataset.ts';

/** Parses a user's `text,label` CSV (header row, RFC 4180 quoting) or JSONL (`{"text": …, "label": …}` per line). */
export function parseTextFile(content: string, format: 'csv' | 'jsonl', fileName = 'input'): TextExample[] {
  const examples = format === 'csv' ? parseCsv(content, fileName) : parseJsonl(content, fileName);
  if (examples.length === 0) throw new TrainerError('invalid_argument', `${fileName}: no examples`);
  return examples;
}

function fail(fileName: string, line: number, reason: string): never {
  throw new TrainerError('invalid_argument', `${fileName}:${line}: ${reason}`, { line });
}

function checkExample(fileName: string, line: number, text: unknown, label: unknown): TextExample {
  if (typeof text !== 'string' || text.trim() === '') fail(fileName, line, 'text is missing or empty');
  if (typeof label !== 'string' && typeof label !== 'number') fail(fileName, line, 'label is missing (a string or number)');
  const labelText = String(label).trim();
  if (labelText === '') fail(fileName, line, 'label is empty');
  return { text, label: labelText };
}

function parseJsonl(content: string, fileName: string): TextExample[] {
  const examples: TextExample[] = [];
  content.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      fail(fileName, i + 1, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(fileName, i + 1, 'expected an object with "text" and "label"');
    const record = value as Record<string, unknown>;
    examples.push(checkExample(fileName, i + 1, record.text, record.label));
  });
  return examples;
}

/** Splits CSV into records, each with the 1-based line it starts on; quoted fields may span lines. */
function csvRecords(content: string, fileName: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (quoted) {
      if (c === '"' && content[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') {
        quoted = false;
        const next = content[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') fail(fileName, line, 'unexpected character after a closing quote');
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      if (field !== '') fail(fileName, line, 'a quote inside an unquoted field');
      quoted = true;
    } else if (c === ',') (fields.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) fail(fileName, recordLine, 'a quoted field is never closed');
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function parseCsv(content: string, fileName: string): TextExample[] {
  const [header, ...rows] = csvRecords(content.replace(/^\uFEFF/, ''), fileName);
  if (!header) return [];
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const textColumn = names.indexOf('text');
  const labelColumn = names.indexOf('label');
  if (textColumn < 0 || labelColumn < 0) fail(fileName, header.line, `the header must name "text" and "label" columns, got ${JSON.stringify(header.fields)}`);
  return rows.map(({ line, fields }) => {
    if (fields.length !== names.length) fail(fileName, line, `expected ${names.length} fields, got ${fields.length}`);
    return checkExample(fileName, line, fields[textColumn], fields[labelColumn]);
  });
}
