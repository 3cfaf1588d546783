import type { z } from 'zod';
import type { augmentationConfigSchema } from '../augment/augmentation-config.ts';
import type { LearningRateScheduleInput } from '../callbacks/learning-rate-schedule.ts';
import type { TrainRunOptions } from './train-run.ts';

/**
 * What `npm start` trains when no digit model is published: the small CNN, with the training
 * batches augmented as clients' images differ from MNIST (a tilt, a pen a pixel thicker or
 * thinner, a wobbly hand, blur, sensor noise; shifts stay small since the recipe centres every
 * digit), for enough epochs to keep ≥ 98.9% on MNIST test. A few minutes on a 2-core CPU with the
 * native kernels.
 */
export const DEFAULT_MODEL = {
  name: 'mnist',
  architecture: 'small-cnn',
  epochs: 6,
  batchSize: 64,
  learningRate: 0.002,
  seed: 42,
  config: {
    augmentation: { rotationDegrees: 10, shift: 0.05, zoom: 0.1, thickness: 0.3, elastic: 1.5, blur: 0.2, noise: 0.2 },
    // The rate falls to 5% by the last epoch: augmented batches are noisy, the last epochs settle.
    schedule: { type: 'cosine', minLearningRate: 0.0001 },
  },
} as const satisfies Omit<TrainRunOptions, 'outDir' | 'config'> & {
  config: { augmentation: z.input<typeof augmentationConfigSchema>; schedule: LearningRateScheduleInput };
};
