import { describe, expect, it } from 'vitest';
import { comparePredictions, labelledRows } from './compare-predictions.ts';

const timing = { preprocessMs: 0, inferenceMs: 0, totalMs: 0 };

function imageAnswer(version: string, rows: number[][]) {
  return {
    model: 'm',
    version,
    timing,
    predictions: rows.map((probabilities) => {
      const index = probabilities.indexOf(Math.max(...probabilities));
      const best = { label: String(index), index, confidence: probabilities[index]! };
      return { ...best, top: [best], probabilities };
    }),
  };
}

describe('comparePredictions', () => {
  it('counts top-1 agreement and the largest probability difference per row', () => {
    const labels = ['0', '1', '2'];
    const served = labelledRows(imageAnswer('a', [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]), labels);
    const shadow = labelledRows(imageAnswer('b', [[0.6, 0.3, 0.1], [0.1, 0.3, 0.6]]), labels);
    const comparison = comparePredictions(served, shadow);
    expect(comparison).toMatchObject({ rows: 2, top1Agreements: 1 });
    expect(comparison.maxDelta).toBeCloseTo(0.3, 12);
    expect(comparison.sumMaxDelta).toBeCloseTo(0.1 + 0.3, 12);
    expect(comparePredictions(served, served)).toEqual({ rows: 2, top1Agreements: 2, sumMaxDelta: 0, maxDelta: 0 });
  });

  it('compares text answers by label, a label missing on one side counting as 0', () => {
    const text = (label: string, probabilities: Record<string, number>) => ({
      model: 't',
      version: 'v',
      timing,
      predictions: [{ label, confidence: probabilities[label]!, probabilities, tokens: 1, unknownTokens: 0, truncated: false, unknownWords: [], truncatedWords: [] }],
    });
    const served = labelledRows(text('ham', { ham: 0.9, spam: 0.1 }), []);
    const shadow = labelledRows(text('ham', { ham: 0.8, spam: 0.05, other: 0.15 }), []);
    const comparison = comparePredictions(served, shadow);
    expect(comparison.top1Agreements).toBe(1);
    expect(comparison.maxDelta).toBeCloseTo(0.15, 12);
  });

  it('refuses answers of different lengths', () => {
    const rows = labelledRows(imageAnswer('a', [[1, 0]]), ['x', 'y']);
    expect(() => comparePredictions(rows, [...rows, ...rows])).toThrow(/2 rows for 1/);
  });
});
