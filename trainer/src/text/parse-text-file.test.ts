import { describe, expect, it } from 'vitest';
import { TrainerError } from '../errors.ts';
import { parseTextFile } from './parse-text-file.ts';

function errorOf(run: () => unknown): TrainerError {
  try {
    run();
  } catch (error) {
    if (error instanceof TrainerError) return error;
    throw error;
  }
  throw new Error('expected a TrainerError');
}

describe('parseTextFile', () => {
  it('reads CSV with quoted commas, doubled quotes and multi-line fields', () => {
    const csv = 'label,text\r\npos,"great, really ""great"""\nneg,"bad\nfilm"\npos,fine\n';
    expect(parseTextFile(csv, 'csv')).toEqual([
      { label: 'pos', text: 'great, really "great"' },
      { label: 'neg', text: 'bad\nfilm' },
      { label: 'pos', text: 'fine' },
    ]);
  });

  it('names the line of a malformed CSV row, counting multi-line fields', () => {
    const error = errorOf(() => parseTextFile('text,label\n"a\nb",x\nc\n', 'csv', 'reviews.csv'));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toBe('reviews.csv:4: expected 2 fields, got 1');
    expect(errorOf(() => parseTextFile('text,label\n,x\n', 'csv')).message).toMatch(/:2: text is missing/);
    expect(errorOf(() => parseTextFile('words,tag\na,b\n', 'csv')).message).toMatch(/:1: the header must name/);
  });

  it('reads JSONL and reports bad JSON and missing fields by line', () => {
    expect(parseTextFile('{"text":"hi","label":1}\n\n{"text":"yo","label":"0"}\n', 'jsonl')).toEqual([
      { text: 'hi', label: '1' },
      { text: 'yo', label: '0' },
    ]);
    expect(errorOf(() => parseTextFile('{"text":"a","label":"b"}\n{oops}\n', 'jsonl', 'd.jsonl')).message).toMatch(/^d\.jsonl:2: not valid JSON/);
    expect(errorOf(() => parseTextFile('{"text":"a"}\n', 'jsonl')).message).toMatch(/:1: label is missing/);
  });
});
