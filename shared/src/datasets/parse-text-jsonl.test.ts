import { describe, expect, it } from 'vitest';
import { parseTextJsonl } from './parse-text-jsonl.ts';

describe('parseTextJsonl', () => {
  it('reads one object a line, numeric labels as strings, and reports each bad line by number', () => {
    const jsonl = ['{"text":"hi","label":"ham"}', '', '{"text":"hi"', '[1]', '{"text":"","label":"ham"}', '{"text":"x"}', '{"text":"win","label":1}', `{"text":"${'y'.repeat(100_000)}","label":"a"}`].join('\r\n');
    expect([...parseTextJsonl(jsonl)]).toEqual([
      { row: { line: 1, text: 'hi', label: 'ham' } },
      { problem: { line: 3, message: 'not valid JSON' } },
      { problem: { line: 4, message: 'expected an object {"text", "label"}' } },
      { problem: { line: 5, message: 'empty text' } },
      { problem: { line: 6, message: 'missing label' } },
      { row: { line: 7, text: 'win', label: '1' } },
      { problem: { line: 8, message: 'row longer than 100000 bytes' } },
    ]);
  });
});
