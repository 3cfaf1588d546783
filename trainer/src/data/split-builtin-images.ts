import { TrainerError } from '../errors.ts';
import { selectExamples, type ImageSplit } from './dataset.ts';
import { shuffledIndices } from './shuffled-indices.ts';

export interface BuiltinImagesOptions {
  /** Share of the training images held out for validation (default 1/12: 5,000 of MNIST's 60k). */
  validationFraction?: number;
  /** Use at most this many training images (after the validation split); for quick runs. */
  trainLimit?: number;
  /** Use at most this many test images (the first ones). Default all. */
  testLimit?: number;
  seed?: number;
}

/**
 * The split rule of every built-in dataset: a seeded shuffle of its training images holds out
 * `validationFraction` for validation and trains on the next `trainLimit`; its own test images
 * (already cut to `testLimit`) are the test split.
 */
export function splitBuiltinImages(trainAll: ImageSplit, test: ImageSplit, options: BuiltinImagesOptions): { train: ImageSplit; validation: ImageSplit; test: ImageSplit } {
  const validationFraction = options.validationFraction ?? 1 / 12;
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new TrainerError('invalid_argument', `validation fraction must be in (0, 1), got ${validationFraction}`);
  }
  const order = shuffledIndices(trainAll.count, options.seed ?? 42);
  const validationCount = Math.round(trainAll.count * validationFraction);
  const trainEnd = Math.min(trainAll.count, validationCount + (options.trainLimit ?? Infinity));
  return {
    train: selectExamples(trainAll, order.subarray(validationCount, trainEnd)),
    validation: selectExamples(trainAll, order.subarray(0, validationCount)),
    test,
  };
}
