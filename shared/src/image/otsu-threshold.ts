const BINS = 256;

/** Otsu's threshold of values in [0, 1]: the level that best splits them into two classes (maximal between-class variance). */
export function otsuThreshold(values: Float32Array): number {
  const histogram = new Float64Array(BINS);
  for (let i = 0; i < values.length; i++) histogram[Math.min(BINS - 1, Math.max(0, Math.floor(values[i] * BINS)))]++;
  let total = 0;
  let sum = 0;
  for (let bin = 0; bin < BINS; bin++) {
    total += histogram[bin];
    sum += bin * histogram[bin];
  }
  let below = 0;
  let belowSum = 0;
  let best = 0;
  let bestVariance = -1;
  for (let bin = 0; bin < BINS - 1; bin++) {
    below += histogram[bin];
    belowSum += bin * histogram[bin];
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const difference = belowSum / below - (sum - belowSum) / above;
    const variance = below * above * difference * difference;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = bin;
    }
  }
  return (best + 1) / BINS;
}
