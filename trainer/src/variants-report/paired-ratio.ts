export interface PairedRatio {
  /** Median over rounds of a[r] / b[r]. */
  median: number;
  /** 95% bootstrap interval of that median. */
  low: number;
  high: number;
  rounds: number;
}

/**
 * How much slower `a` is than `b` when both were timed in the same rounds: the median of the
 * per-round ratios, with a 95% percentile-bootstrap interval (seeded, so a report is reproducible).
 * Pairing cancels what a round shares (a load spike on a shared machine); the interval says whether
 * a 1% gap between medians is a difference or noise.
 */
export function pairedRatio(a: readonly number[], b: readonly number[], { resamples = 2000, seed = 1 } = {}): PairedRatio {
  const rounds = Math.min(a.length, b.length);
  if (rounds === 0) throw new Error('pairedRatio needs at least one round timed for both');
  const ratios = Float64Array.from({ length: rounds }, (_, r) => a[r]! / b[r]!);
  let state = seed >>> 0 || 1;
  // xorshift32: a fixed, fast stream; the interval only needs uniform indices.
  const nextIndex = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % rounds;
  };
  const medians = new Float64Array(resamples);
  const sample = new Float64Array(rounds);
  for (let s = 0; s < resamples; s++) {
    for (let r = 0; r < rounds; r++) sample[r] = ratios[nextIndex()]!;
    medians[s] = medianOf(sample);
  }
  medians.sort();
  return { median: medianOf(ratios), low: medians[Math.floor(0.025 * resamples)]!, high: medians[Math.ceil(0.975 * resamples) - 1]!, rounds };
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
