import { MAX_PREDICT_BATCH, predictResponseSchema } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { LabelledPixels } from './labelled-pixels.ts';
import type { TrainingApiClient } from './training-api-client.ts';

export interface HoldoutScore {
  accuracy: number;
  correct: number;
  examples: number;
  /** The version's best class (an index into its labels) and its confidence, per example in order. */
  predictions: { index: number; confidence: number }[];
}

/**
 * Scores one published version on labelled examples through the worker's own predict route,
 * pinned with `version`: the champion is judged by the very ONNX bytes, runtime and preprocessing
 * that serve it, not by a trainer-side copy. An example's label is an index into `labels`, compared
 * with the answer's label by name.
 */
export async function evaluateServedVersion(params: { client: TrainingApiClient; name: string; version: string; labels: readonly string[]; examples: readonly LabelledPixels[] }): Promise<HoldoutScore> {
  const { client, name, version, labels, examples } = params;
  let correct = 0;
  const predictions: HoldoutScore['predictions'] = [];
  for (let start = 0; start < examples.length; start += MAX_PREDICT_BATCH) {
    const chunk = examples.slice(start, start + MAX_PREDICT_BATCH);
    const answer = await client.predict(name, { version, scale: 255, topK: 1, instances: chunk.map((e) => ({ pixels: Array.from(e.pixels) })) }, predictResponseSchema);
    if (answer.version !== version) throw new TrainerError('internal', `asked ${name}@${version} to predict, ${answer.version} answered`);
    answer.predictions.forEach((prediction, i) => {
      correct += prediction.label === labels[chunk[i]!.label] ? 1 : 0;
      predictions.push({ index: prediction.index, confidence: prediction.confidence });
    });
  }
  return { accuracy: examples.length ? correct / examples.length : 0, correct, examples: examples.length, predictions };
}
