import { describe, expect, it } from 'vitest';
import { findLabelFlips } from './find-label-flips.ts';

const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

describe('findLabelFlips', () => {
  it('counts confident disagreements per (given, predicted) pair, most frequent first', () => {
    const examples = [
      ...Array.from({ length: 5 }, () => ({ pixels: [], label: 8 })),
      { pixels: [], label: 1 },
      { pixels: [], label: 4 },
      { pixels: [], label: 2 },
    ];
    const predictions = [
      ...Array.from({ length: 5 }, () => ({ index: 3, confidence: 0.99 })),
      { index: 7, confidence: 0.95 },
      // Unsure: a genuine hard case, not reported.
      { index: 9, confidence: 0.6 },
      // Agrees.
      { index: 2, confidence: 0.99 },
    ];
    expect(findLabelFlips(examples, predictions, LABELS)).toEqual({
      minConfidence: 0.9,
      examined: 8,
      suspected: 6,
      pairs: [
        { given: '8', predicted: '3', count: 5 },
        { given: '1', predicted: '7', count: 1 },
      ],
    });
  });
});
