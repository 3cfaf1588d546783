import { describe, expect, it } from 'vitest';
import { pairedRatio } from './paired-ratio.ts';

/** Round times with a shared, noisy load per round: what pairing should cancel. */
function rounds(count: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return 10 + (x / 2 ** 31) * 20;
  });
}

describe('pairedRatio', () => {
  it('finds a 5% slowdown hidden under a load that varies 3× between rounds', () => {
    const load = rounds(60, 7);
    const result = pairedRatio(load.map((ms) => ms * 1.05), load);
    expect(result.median).toBeCloseTo(1.05, 6);
    expect(result.low).toBeGreaterThan(1);
  });

  it('gives an interval around 1 when the two are the same model timed with noise', () => {
    const load = rounds(80, 3);
    const jitter = rounds(80, 11).map((ms) => 1 + (ms - 20) / 400);
    const result = pairedRatio(load.map((ms, r) => ms * jitter[r]!), load);
    expect(result.low).toBeLessThanOrEqual(1);
    expect(result.high).toBeGreaterThanOrEqual(1);
    expect(result.high - result.low).toBeLessThan(0.05);
  });

  it('is reproducible and refuses empty input', () => {
    const load = rounds(30, 5);
    const slower = load.map((ms, r) => ms * (1 + (r % 5) / 50));
    expect(pairedRatio(slower, load)).toEqual(pairedRatio(slower, load));
    expect(() => pairedRatio([], [])).toThrow(/at least one round/);
  });
});
