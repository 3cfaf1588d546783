import { MAX_PREDICT_BATCH, textPredictResponseSchema, type TextModelManifest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { TrainingApiClient } from './training-api-client.ts';

/** The worker's default MAX_TEXT_CHARS: a longer text is refused before the model's own limit applies. */
const WORKER_MAX_TEXT_CHARS = 2048;

/** Labelled texts: each text's label by name. */
export interface LabelledTexts {
  texts: string[];
  labels: string[];
}

/**
 * A text version's accuracy on labelled texts through the worker's predict route, pinned with
 * `version`, as `evaluateServedVersion` does for images. Texts are cut to the characters the worker
 * takes (the model reads at most `maxLength` tokens of them anyway).
 */
export async function evaluateServedTexts(client: TrainingApiClient, version: TextModelManifest, examples: LabelledTexts): Promise<{ accuracy: number; examples: number }> {
  const limit = Math.min(version.input.maxChars, WORKER_MAX_TEXT_CHARS);
  let correct = 0;
  for (let start = 0; start < examples.texts.length; start += MAX_PREDICT_BATCH) {
    const texts = examples.texts.slice(start, start + MAX_PREDICT_BATCH).map((text) => text.slice(0, limit));
    const answer = await client.predict(version.name, { version: version.version, texts }, textPredictResponseSchema);
    if (answer.version !== version.version) throw new TrainerError('internal', `asked ${version.name}@${version.version} to predict, ${answer.version} answered`);
    answer.predictions.forEach((prediction, i) => (correct += prediction.label === examples.labels[start + i] ? 1 : 0));
  }
  const count = examples.texts.length;
  return { accuracy: count ? correct / count : 0, examples: count };
}
