import type { GoldenTolerance } from '../schemas/golden-vectors.ts';

export interface GoldenComparison {
  /** True when every value is within tolerance (and the lengths agree). */
  ok: boolean;
  /** Largest |actual - expected|; Infinity when a value is NaN or the lengths differ. */
  maxAbsDiff: number;
  /** Index of the value furthest beyond its tolerance (or of the largest difference when all pass); -1 when empty or lengths differ. */
  worstIndex: number;
  /** Values beyond tolerance. */
  mismatches: number;
}

/** Compares a session's outputs with a golden reference, value by value: |a - e| ≤ absolute + relative × |e|. */
export function compareGoldenOutputs(expected: Float32Array, actual: Float32Array, tolerance: GoldenTolerance): GoldenComparison {
  if (expected.length !== actual.length) return { ok: false, maxAbsDiff: Infinity, worstIndex: -1, mismatches: Math.max(expected.length, actual.length) };
  let maxAbsDiff = 0;
  let worstIndex = -1;
  let worstExcess = -Infinity;
  let mismatches = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const diff = Math.abs(actual[i]! - e);
    // NaN compares false everywhere: count it as infinitely far, so a NaN output never passes.
    const distance = Number.isNaN(diff) ? Infinity : diff;
    const excess = distance - (tolerance.absolute + tolerance.relative * Math.abs(e));
    if (excess > 0) mismatches++;
    if (distance > maxAbsDiff) maxAbsDiff = distance;
    if (excess > worstExcess) {
      worstExcess = excess;
      worstIndex = i;
    }
  }
  return { ok: mismatches === 0, maxAbsDiff, worstIndex, mismatches };
}
