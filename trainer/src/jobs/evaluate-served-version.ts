import { MAX_PREDICT_BATCH, predictResponseSchema } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { LabelledPixels } from './labelled-pixels.ts';

export interface HoldoutScore {
  accuracy: number;
  correct: number;
  examples: number;
  /** The version's best class and its confidence, per example in order. */
  predictions: { index: number; confidence: number }[];
}

/**
 * Scores one published version on labelled examples through the worker's own predict route,
 * pinned with `version`: champion and challenger are judged by the very ONNX bytes, runtime and
 * preprocessing that serve them, not by a trainer-side copy. `token` (the admin token) lets it pin
 * a version no channel serves yet, such as an unpromoted challenger.
 */
export async function evaluateServedVersion(params: { endpoint: string | URL; name: string; version: string; examples: LabelledPixels[]; token?: string }): Promise<HoldoutScore> {
  const { name, version, examples } = params;
  const url = new URL(`/v1/models/${name}/predict`, params.endpoint);
  let correct = 0;
  const predictions: HoldoutScore['predictions'] = [];
  for (let start = 0; start < examples.length; start += MAX_PREDICT_BATCH) {
    const chunk = examples.slice(start, start + MAX_PREDICT_BATCH);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(params.token ? { authorization: `Bearer ${params.token}` } : {}) },
      body: JSON.stringify({ version, scale: 255, topK: 1, instances: chunk.map((e) => ({ pixels: Array.from(e.pixels) })) }),
    });
    const text = await response.text();
    if (!response.ok) throw new TrainerError('storage_failed', `predict with ${name}@${version} answered ${response.status}: ${text}`);
    const answer = predictResponseSchema.parse(JSON.parse(text));
    if (answer.version !== version) throw new TrainerError('internal', `asked ${name}@${version} to predict, ${answer.version} answered`);
    answer.predictions.forEach((prediction, i) => {
      correct += prediction.index === chunk[i]!.label ? 1 : 0;
      predictions.push({ index: prediction.index, confidence: prediction.confidence });
    });
  }
  return { accuracy: examples.length ? correct / examples.length : 0, correct, examples: examples.length, predictions };
}
