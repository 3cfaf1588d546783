import type { AnyModelManifest, ImagePreprocessing } from '@edgeml/shared';
import type { ImageSplit } from '../data/dataset.ts';
import { TrainerError } from '../errors.ts';
import { evaluateServedTexts, type LabelledTexts } from './evaluate-served-texts.ts';
import { evaluateServedVersion } from './evaluate-served-version.ts';
import type { LabelledPixels } from './labelled-pixels.ts';
import type { TrainingApiClient } from './training-api-client.ts';

/** The champion's accuracy on the job's test split, as the worker serves it. */
export interface ChampionScore {
  accuracy: number;
  examples: number;
}

/** The test split a job's own version was scored on: the margin judges the champion on the same one. */
export type JobTestSplit =
  | { kind: 'texts'; texts: LabelledTexts }
  | { kind: 'images'; split: ImageSplit; labels: string[]; preprocessing: ImagePreprocessing };

/**
 * One holdout for the margin: the champion is judged on the job's test split, sent to the worker as
 * a client sends it (texts; images as JSON pixels, the split's normalised values back to 0-255
 * grey), so its figure is the served ONNX's, runtime and preprocessing included.
 */
export async function scoreChampion(client: TrainingApiClient, champion: AnyModelManifest, test: JobTestSplit): Promise<ChampionScore> {
  if (champion.task === 'text-classification') {
    if (test.kind !== 'texts') throw new TrainerError('invalid_argument', `${champion.name}@${champion.version} is a text model: an image job cannot be judged against it`);
    return evaluateServedTexts(client, champion, test.texts);
  }
  if (test.kind !== 'images') throw new TrainerError('invalid_argument', `${champion.name}@${champion.version} is an image model: a text job cannot be judged against it`);
  const examples = servedPixels(test.split, test.preprocessing);
  const score = await evaluateServedVersion({ client, name: champion.name, version: champion.version, labels: test.labels, examples });
  return { accuracy: score.accuracy, examples: score.examples };
}

/** A split's images as JSON pixels: normalisation undone, rounded to the grey bytes they came from. */
function servedPixels(split: ImageSplit, preprocessing: ImagePreprocessing): LabelledPixels[] {
  const size = split.imageShape[0] * split.imageShape[1] * split.imageShape[2];
  return Array.from({ length: split.count }, (_, i) => {
    const pixels = new Uint8ClampedArray(size);
    for (let p = 0; p < size; p++) pixels[p] = Math.round((split.images[i * size + p]! * preprocessing.std + preprocessing.mean) * 255);
    return { pixels, label: split.labels[i]! };
  });
}
