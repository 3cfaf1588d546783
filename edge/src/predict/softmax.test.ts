import { describe, expect, it } from 'vitest';
import { softmax } from './softmax.ts';

describe('softmax', () => {
  it('turns each row into probabilities that sum to 1', () => {
    const out = softmax(new Float32Array([0, Math.log(3), 1, 1]), 2);
    expect(out[0]).toBeCloseTo(0.25, 6);
    expect(out[1]).toBeCloseTo(0.75, 6);
    expect(out[2]).toBeCloseTo(0.5, 6);
    expect(out[3]).toBeCloseTo(0.5, 6);
  });

  it('stays finite for large logits', () => {
    const out = softmax(new Float32Array([1000, 999, -1000]), 3);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    expect(out[0]! + out[1]! + out[2]!).toBeCloseTo(1, 6);
    expect(out[0]).toBeGreaterThan(out[1]!);
  });

  it('divides the logits by the temperature first', () => {
    const out = softmax(new Float32Array([0, Math.log(9)]), 2, 2);
    expect(out[0]).toBeCloseTo(0.25, 6);
    expect(out[1]).toBeCloseTo(0.75, 6);
  });
});
