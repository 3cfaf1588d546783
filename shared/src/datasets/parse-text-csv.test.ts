import { describe, expect, it } from 'vitest';
import { parseTextCsv } from './parse-text-csv.ts';

const collect = (text: string) => [...parseTextCsv(text)];

describe('parseTextCsv', () => {
  it('reads RFC 4180 quoting, CRLF, a BOM and columns in any order, with 1-based line numbers', () => {
    const csv = '\uFEFFlabel,Text\r\nspam,"win ""big"", now"\r\nham,"two\r\nlines"\r\n\r\nham,plain\r\n';
    expect(collect(csv)).toEqual([
      { row: { line: 2, text: 'win "big", now', label: 'spam' } },
      { row: { line: 3, text: 'two\r\nlines', label: 'ham' } },
      { row: { line: 6, text: 'plain', label: 'ham' } },
    ]);
  });

  it('reports empty text, a missing label, an overlong row and an open quote at the line each starts on', () => {
    const csv = ['text,label', ',ham', 'hello', `${'x'.repeat(100_001)},ham`, 'fine,ham', '"never closed,ham', 'more,ham'].join('\n');
    expect(collect(csv)).toEqual([
      { problem: { line: 2, message: 'empty text' } },
      { problem: { line: 3, message: 'missing label' } },
      { problem: { line: 4, message: 'row longer than 100000 bytes' } },
      { row: { line: 5, text: 'fine', label: 'ham' } },
      { problem: { line: 6, message: 'a quoted field is not closed' } },
    ]);
  });

  it('counts multi-byte characters as UTF-8 bytes for the row limit', () => {
    const items = collect(`text,label\n${'é'.repeat(50_001)},a\n${'é'.repeat(49_000)},a`);
    expect(items.map((item) => ('row' in item ? item.row.line : item.problem.message))).toEqual(['row longer than 100000 bytes', 3]);
  });

  it('says what the header lacks', () => {
    expect(collect('message,class\nhi,ham')).toEqual([{ problem: { line: 1, message: 'the header must name the columns text and label; it has message, class' } }]);
    expect(collect('')).toEqual([{ problem: { line: 1, message: 'empty file: expected a header line "text,label"' } }]);
  });
});
