import { shuffledIndices } from '../data/shuffled-indices.ts';
import type { LabelledPixels } from './labelled-pixels.ts';

/**
 * A fixed, seeded split of the feedback into what the challenger trains on and what both models
 * are judged on, so the same feedback always lands on the same side.
 */
export function splitFeedback(examples: LabelledPixels[], holdoutFraction: number, seed: number): { train: LabelledPixels[]; holdout: LabelledPixels[] } {
  const order = shuffledIndices(examples.length, seed);
  const holdoutCount = Math.round(examples.length * holdoutFraction);
  return {
    holdout: Array.from(order.subarray(0, holdoutCount), (i) => examples[i]!),
    train: Array.from(order.subarray(holdoutCount), (i) => examples[i]!),
  };
}
