import { describe, expect, it } from 'vitest';
import { parseDataset } from './parse-dataset.ts';
import { summarizeDataset } from './summarize-dataset.ts';

describe('summarizeDataset', () => {
  it('counts rows per label (numeric labels in number order) and caps the problems it keeps', () => {
    const lines = ['text,label', 'a,10', 'b,2', 'c,2', ...Array.from({ length: 150 }, () => ',2')];
    const summary = summarizeDataset(parseDataset('csv', new TextEncoder().encode(lines.join('\n'))));
    expect(summary).toMatchObject({ rows: 3, labels: ['2', '10'], classCounts: { '2': 2, '10': 1 }, problemCount: 150 });
    expect(summary.problems).toHaveLength(100);
    expect(summary.problems[0]).toEqual({ line: 5, message: 'empty text' });
  });

  it('refuses text that is not UTF-8', () => {
    expect(() => parseDataset('jsonl', new Uint8Array([0xff, 0xfe, 0x41]))).toThrow(/not UTF-8/);
  });
});
