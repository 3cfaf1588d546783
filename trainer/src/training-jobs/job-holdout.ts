import type { AnyModelManifest, ImagePreprocessing } from '@edgeml/shared';
import type { ImageDataset, ImageSplit } from '../data/dataset.ts';
import { TrainerError } from '../errors.ts';
import { evaluateServedTexts, type LabelledTexts } from './evaluate-served-texts.ts';
import { evaluateServedVersion } from './evaluate-served-version.ts';
import type { LabelledPixels } from './labelled-pixels.ts';
import type { RetrainFeedback } from './retrain-feedback.ts';
import type { TrainingApiClient } from './training-api-client.ts';

/** The champion's accuracy on the job's test split, as the worker serves it. */
export interface ChampionScore {
  accuracy: number;
  examples: number;
}

export interface JobHoldout {
  /** The image job's `prepareData` (applied to its loaded data): keeps the job's data (its test split is the holdout) and mixes in a retrain job's feedback. */
  prepareData(data: ImageDataset): ImageDataset;
  /** Scores the serving champion through the worker on the test split the job's own version was scored on (a text job's `texts`). */
  scoreChampion(champion: AnyModelManifest, texts?: LabelledTexts): Promise<ChampionScore>;
}

/**
 * One holdout for the margin: the champion is judged on the same test split as the challenger, sent
 * to the worker as a client sends it (texts; images as JSON pixels, the test split's normalised
 * values back to 0-255 grey), so its figure is the served ONNX's, runtime and preprocessing included.
 */
export function jobHoldout(client: TrainingApiClient, feedback?: RetrainFeedback): JobHoldout {
  let kept: ImageDataset | undefined;
  return {
    prepareData(data) {
      kept = data;
      return feedback ? { ...data, train: feedback.mix(data.train) } : data;
    },
    async scoreChampion(champion, texts) {
      if (champion.task === 'text-classification') {
        if (!texts) throw new TrainerError('internal', `the margin needs the job's test texts to judge ${champion.name}@${champion.version} on`);
        return evaluateServedTexts(client, champion, texts);
      }
      if (!kept) throw new TrainerError('internal', `the margin needs the job's test images to judge ${champion.name}@${champion.version} on`);
      const examples = servedPixels(kept.test, kept.preprocessing);
      const score = await evaluateServedVersion({ client, name: champion.name, version: champion.version, labels: kept.labels, examples });
      return { accuracy: score.accuracy, examples: score.examples };
    },
  };
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
