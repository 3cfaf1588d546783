import type { RunConfigInput } from '../config/run-config.ts';

/**
 * What `npm start` trains when no digit model is published: the small CNN, for enough epochs to
 * keep ≥ 98.9% on MNIST test with its augmentation. A few minutes on a 2-core CPU with the native
 * kernels. The run config's defaults (run-config.ts) are these.
 */
export const DEFAULT_MODEL = {
  name: 'mnist',
  architecture: 'small-cnn',
  epochs: 6,
  batchSize: 64,
  learningRate: 0.002,
  seed: 42,
} as const;

/**
 * What `npm start` adds to the defaults: training batches augmented as clients' images differ from
 * MNIST (a tilt, a pen a pixel thicker, a wobbly hand, blur, sensor noise; shifts stay small since
 * the recipe centres every digit). Off in the run config's defaults, so other runs train as before.
 */
export const DEFAULT_MODEL_CONFIG = {
  augmentation: { rotationDegrees: 10, shift: 0.05, zoom: 0.1, thickness: 0.3, elastic: 1.5, blur: 0.2, noise: 0.2 },
  // The rate falls to 5% by the last epoch: augmented batches are noisy, the last epochs settle.
  schedule: { type: 'cosine', minLearningRate: 0.0001 },
} as const satisfies RunConfigInput;
