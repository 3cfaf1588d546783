import type { LabelledPixels } from './labelled-pixels.ts';

/** Feedback the champion confidently disagrees with, counted per (given label, predicted label). */
export interface LabelFlipReport {
  /** The champion's confidence at or above which a disagreement is reported. */
  minConfidence: number;
  examined: number;
  suspected: number;
  /** Most frequent first: a flood of one flipped class shows as one large pair. */
  pairs: { given: string; predicted: string; count: number }[];
}

/**
 * Examples that look like label flips: the champion predicts another class than the label given,
 * with confidence ≥ `minConfidence`. Genuine corrections look the same one at a time; a large
 * count for one pair is what a poisoning attempt looks like. Reported, not removed.
 */
export function findLabelFlips(
  examples: readonly LabelledPixels[],
  predictions: readonly { index: number; confidence: number }[],
  labels: readonly string[],
  minConfidence = 0.9,
): LabelFlipReport {
  const counts = new Map<string, { given: string; predicted: string; count: number }>();
  let suspected = 0;
  examples.forEach((example, i) => {
    const prediction = predictions[i];
    if (!prediction || prediction.index === example.label || prediction.confidence < minConfidence) return;
    suspected++;
    const given = labels[example.label] ?? String(example.label);
    const predicted = labels[prediction.index] ?? String(prediction.index);
    const key = `${given}\u0000${predicted}`;
    const pair = counts.get(key) ?? { given, predicted, count: 0 };
    pair.count++;
    counts.set(key, pair);
  });
  const pairs = [...counts.values()].sort((a, b) => b.count - a.count || a.given.localeCompare(b.given) || a.predicted.localeCompare(b.predicted));
  return { minConfidence, examined: Math.min(examples.length, predictions.length), suspected, pairs };
}
