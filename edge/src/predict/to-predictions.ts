import type { ModelManifest, Prediction } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { softmax } from './softmax.ts';

export const DEFAULT_TOP_K = 3;

/**
 * One prediction per image from the model's output rows: softmax first when the model ends in
 * logits, then the best label and the `topK` most probable. Throws `model_unavailable` when the
 * output does not fit the manifest's labels or is not a probability distribution.
 */
export function toPredictions(output: Float32Array, count: number, manifest: ModelManifest, topK = DEFAULT_TOP_K): Prediction[] {
  const { labels } = manifest;
  const width = labels.length;
  const label = `${manifest.name}@${manifest.version}`;
  if (output.length !== count * width) {
    throw new EdgeError('model_unavailable', `model ${label} gave ${output.length} values for ${count} images of ${width} labels`);
  }
  const { kind, temperature } = manifest.output;
  // A calibrated probabilities graph is re-tempered from its log-probabilities: logits up to a per-row constant.
  const logits = kind === 'logits' ? output : temperature === undefined ? undefined : output.map((p) => Math.log(Math.max(p, 1e-30)));
  const probabilities = logits ? softmax(logits, width, temperature) : output;
  const predictions: Prediction[] = [];
  for (let row = 0; row < count; row++) {
    // Float error can put a softmax output a hair outside [0, 1].
    const values = Array.from(probabilities.subarray(row * width, (row + 1) * width), (p) => Math.min(1, Math.max(0, p)));
    if (values.some((p) => Number.isNaN(p))) throw new EdgeError('model_unavailable', `model ${label} gave NaN probabilities`);
    const ranked = values
      .map((confidence, index) => ({ label: labels[index]!, index, confidence }))
      .sort((a, b) => b.confidence - a.confidence || a.index - b.index);
    const best = ranked[0]!;
    predictions.push({ ...best, top: ranked.slice(0, Math.min(topK, width)), probabilities: values });
  }
  return predictions;
}
