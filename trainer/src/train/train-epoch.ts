import { type AugmentationConfig } from '@edgeml/shared';
import { augmentImages } from '../augment/augment-images.ts';
import type { ImageSplit } from '../data/dataset.ts';
import { tf } from '../tf.ts';
import type { TrainProgress } from './epoch-log.ts';
import { epochOrder, epochRandom, makeBatch } from './make-batch.ts';
import type { TrainStepResult } from './train-step.ts';

export interface TrainEpochParams {
  split: ImageSplit;
  classes: number;
  batchSize: number;
  /** 0-based. */
  epoch: number;
  epochs: number;
  seed: number;
  step: (x: tf.Tensor, y: tf.Tensor) => TrainStepResult;
  augmentation?: { config: AugmentationConfig; fillValue: number };
  clipNorm?: number;
  onBatchEnd?: (progress: TrainProgress) => void;
}

export interface EpochTotals {
  loss: number;
  accuracy: number;
  gradientNorm?: number;
  clippedBatches?: number;
}

/** How often the loop lets timers (the progress bar) run: tfjs-layers' fit yields every 125 ms too. */
export const YIELD_EVERY_MS = 125;

/** One pass over the training split in the epoch's seeded order, batch by batch; means weighted by batch size. */
export async function trainEpoch(params: TrainEpochParams): Promise<EpochTotals> {
  const { split, batchSize } = params;
  const order = epochOrder(split.count, params.seed, params.epoch);
  const augmentRandom = epochRandom(params.seed, params.epoch, 'augment');
  const batches = Math.ceil(split.count / batchSize);
  let lossSum = 0;
  let accuracySum = 0;
  let normSum = 0;
  let clippedBatches = 0;
  let lastYield = performance.now();
  for (let b = 0; b < batches; b++) {
    const indices = order.subarray(b * batchSize, Math.min(split.count, (b + 1) * batchSize));
    const batch = makeBatch(split, indices, params.classes);
    let x: tf.Tensor4D = batch.x;
    if (params.augmentation) {
      x = augmentImages(batch.x, params.augmentation.config, augmentRandom, params.augmentation.fillValue);
      batch.x.dispose();
    }
    let result: TrainStepResult;
    try {
      result = params.step(x, batch.y);
    } finally {
      tf.dispose([x, batch.y]);
    }
    lossSum += result.loss * indices.length;
    accuracySum += result.accuracy * indices.length;
    if (params.clipNorm !== undefined) {
      normSum += result.gradientNorm;
      if (result.gradientNorm > params.clipNorm) clippedBatches++;
    }
    params.onBatchEnd?.({
      epoch: params.epoch + 1,
      epochs: params.epochs,
      batch: b + 1,
      batches,
      loss: result.loss,
      ...(params.clipNorm !== undefined ? { gradientNorm: result.gradientNorm } : {}),
    });
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  return {
    loss: lossSum / split.count,
    accuracy: accuracySum / split.count,
    ...(params.clipNorm !== undefined ? { gradientNorm: normSum / batches, clippedBatches } : {}),
  };
}
