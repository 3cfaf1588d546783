import type { PredictResponse, TextPredictResponse } from '@edgeml/shared';

/** One answered row: its top-1 label and every label's probability. */
export interface LabelledRow {
  label: string;
  probabilities: ReadonlyMap<string, number>;
}

export interface ShadowComparison {
  rows: number;
  top1Agreements: number;
  /** Sum and max over rows of max |Δp| across labels. */
  sumMaxDelta: number;
  maxDelta: number;
}

/**
 * How far a shadow's answer is from the served one, row by row: whether the top-1 labels are
 * equal, and the largest probability difference over the union of both label sets (a label one
 * model lacks counts as probability 0 there).
 */
export function comparePredictions(served: readonly LabelledRow[], shadow: readonly LabelledRow[]): ShadowComparison {
  if (served.length !== shadow.length) throw new Error(`the shadow answered ${shadow.length} rows for ${served.length}`);
  const comparison: ShadowComparison = { rows: served.length, top1Agreements: 0, sumMaxDelta: 0, maxDelta: 0 };
  served.forEach((row, i) => {
    const other = shadow[i]!;
    if (row.label === other.label) comparison.top1Agreements++;
    let delta = 0;
    for (const label of new Set([...row.probabilities.keys(), ...other.probabilities.keys()])) {
      delta = Math.max(delta, Math.abs((row.probabilities.get(label) ?? 0) - (other.probabilities.get(label) ?? 0)));
    }
    comparison.sumMaxDelta += delta;
    comparison.maxDelta = Math.max(comparison.maxDelta, delta);
  });
  return comparison;
}

/** A predict answer as labelled rows; `labels` name an image model's probability columns. */
export function labelledRows(response: PredictResponse | TextPredictResponse, labels: readonly string[]): LabelledRow[] {
  return response.predictions.map((prediction) => ({
    label: prediction.label,
    probabilities: Array.isArray(prediction.probabilities)
      ? new Map(prediction.probabilities.map((p, i) => [labels[i] ?? String(i), p]))
      : new Map(Object.entries(prediction.probabilities)),
  }));
}
