import { z } from 'zod';
import { modelNameSchema } from './manifest.ts';

/**
 * What decides a training run, as data: the trainer's run config (`trainer train --config run.json`,
 * CLI flags over it) and the training API's job config are the same schemas, so a config the trainer
 * would refuse is refused when the job is submitted. The trainer keeps the code that acts on them.
 */

export const IMAGE_ARCHITECTURES = ['small-cnn', 'mnist-net'] as const;
export type Architecture = (typeof IMAGE_ARCHITECTURES)[number];
export const TEXT_ARCHITECTURES = ['pooled', 'lstm', 'transformer'] as const;
export type TextArchitecture = (typeof TEXT_ARCHITECTURES)[number];

/**
 * What `npm start` trains when no digit model is published: the small CNN, for enough epochs to
 * keep ≥ 98.9% on MNIST test with its augmentation. A few minutes on a 2-core CPU with the native
 * kernels. The run config's defaults are these.
 */
export const DEFAULT_MODEL = {
  name: 'mnist',
  architecture: 'small-cnn',
  epochs: 6,
  batchSize: 64,
  learningRate: 0.002,
  seed: 42,
} as const;

/** Random affine augmentation of training images (the primer's data_augmentation); absent means off. */
export const augmentationConfigSchema = z.strictObject({
  /** Rotation drawn uniformly from ±this many degrees. */
  rotationDegrees: z.number().min(0).max(180).default(10),
  /** Shift drawn uniformly from ±this fraction of the width (x) and height (y). */
  shift: z.number().min(0).lt(1).default(0.1),
  /** Scale drawn uniformly from [1 − zoom, 1 + zoom]. */
  zoom: z.number().min(0).lt(1).default(0.1),
  /** Share of images whose strokes are thickened by a pixel. */
  thickness: z.number().min(0).max(1).default(0),
  /** Elastic distortion: displacement of up to this many pixels. */
  elastic: z.number().min(0).max(4).default(0),
  /** Share of images blurred (3 × 3 binomial). */
  blur: z.number().min(0).max(1).default(0),
  /** Gaussian noise of standard deviation up to this, in normalised pixel units. */
  noise: z.number().min(0).max(1).default(0),
});
export type AugmentationConfig = z.infer<typeof augmentationConfigSchema>;

/** How the learning rate changes from epoch to epoch, from the optimizer's rate (`base`). */
export const learningRateScheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant') }),
  /** base × gamma^⌊epoch / stepSize⌋ (PyTorch's StepLR). */
  z.strictObject({
    type: z.literal('step'),
    stepSize: z.number().int().positive().default(1),
    gamma: z.number().positive().max(1).default(0.5),
  }),
  /** Half a cosine from base down to `minLearningRate` over `epochs` (default: the run's), then flat (CosineAnnealingLR). */
  z.strictObject({
    type: z.literal('cosine'),
    minLearningRate: z.number().min(0).default(0),
    epochs: z.number().int().positive().optional(),
  }),
]);
export type LearningRateSchedule = z.infer<typeof learningRateScheduleSchema>;
export type LearningRateScheduleInput = z.input<typeof learningRateScheduleSchema>;

const learningRate = z.number().positive();
const weightDecay = z.number().min(0).default(0);

/** One optimizer, chosen by `type`; each carries only the settings it uses. */
export const optimizerConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sgd'), learningRate: learningRate.default(0.01), weightDecay }),
  z.strictObject({
    type: z.literal('momentum'),
    learningRate: learningRate.default(0.01),
    momentum: z.number().min(0).lt(1).default(0.9),
    nesterov: z.boolean().default(false),
    weightDecay,
  }),
  z.strictObject({
    type: z.literal('adam'),
    learningRate: learningRate.default(0.001),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    /** Omitted: the backend's epsilon (1e-7 on float32), as tfjs's Adam. */
    epsilon: z.number().positive().optional(),
    /** Decoupled (AdamW) weight decay per step, as a fraction of lr. */
    weightDecay,
  }),
]);
export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;
export type OptimizerConfigInput = z.input<typeof optimizerConfigSchema>;

export const MONITORED_METRICS = ['validationLoss', 'validationAccuracy', 'loss', 'accuracy'] as const;
export const monitoredMetricSchema = z.enum(MONITORED_METRICS);
export type MonitoredMetric = z.infer<typeof monitoredMetricSchema>;

export const earlyStoppingConfigSchema = z.strictObject({
  monitor: monitoredMetricSchema.default('validationLoss'),
  /** Epochs without improvement before training stops. */
  patience: z.number().int().nonnegative().default(3),
  /** The least change that counts as an improvement. */
  minDelta: z.number().min(0).default(0),
  /** At the end, put back the weights of the best epoch. */
  restoreBestWeights: z.boolean().default(true),
});
export type EarlyStoppingConfig = z.infer<typeof earlyStoppingConfigSchema>;

export const reduceLrOnPlateauConfigSchema = z.strictObject({
  monitor: monitoredMetricSchema.default('validationLoss'),
  /** The rate is multiplied by this on a plateau. */
  factor: z.number().gt(0).lt(1).default(0.1),
  /** Epochs without improvement that make a plateau. */
  patience: z.number().int().nonnegative().default(2),
  minDelta: z.number().min(0).default(1e-4),
  /** The rate is never reduced below this. */
  minLearningRate: z.number().min(0).default(0),
});
export type ReduceLrOnPlateauConfig = z.infer<typeof reduceLrOnPlateauConfigSchema>;

export const regularizationConfigSchema = z.strictObject({
  /** Adds l1 × Σ|w| over the chosen layers' kernels to the training loss. */
  l1: z.number().min(0).default(0),
  /** Adds l2 × Σw² (Keras' convention, no ½) over the chosen layers' kernels. */
  l2: z.number().min(0).default(0),
  /** Layer names (`conv1`, `logits`); default every layer with a kernel. */
  layers: z.array(z.string().min(1)).min(1).optional(),
});
export type RegularizationConfig = z.infer<typeof regularizationConfigSchema>;

const architectureSchema = z.enum(IMAGE_ARCHITECTURES);

/**
 * Everything that decides a training run, as one JSON file (`trainer train --config run.json`);
 * CLI flags override it. Every key has a default: `{}` is `npm start`'s default model without its augmentation and
 * schedule (`DEFAULT_MODEL.config`, which `npm start` adds; off here so other runs train as before). Unknown keys
 * are errors, so a typo does not silently train something else.
 */
export const runConfigSchema = z.strictObject({
  /** Model name used when publishing. */
  name: modelNameSchema.default(DEFAULT_MODEL.name),
  dataset: z
    .strictObject({
      /** A built-in image dataset: MNIST's digits, or Fashion-MNIST's clothes (served with the whole image as input). */
      name: z.enum(['mnist', 'fashion-mnist']).default('mnist'),
      /** Use at most this many training images (after the validation split). */
      trainLimit: z.number().int().positive().optional(),
      /** Evaluate on at most this many test images. */
      testLimit: z.number().int().positive().optional(),
      /** Share of the training images held out for validation (default 1/12). */
      validationFraction: z.number().gt(0).lt(1).optional(),
    })
    .prefault({}),
  model: z
    .strictObject({
      architecture: architectureSchema.default(DEFAULT_MODEL.architecture),
      /** Batch normalisation after every hidden convolution and dense layer, before its activation. */
      batchNorm: z.boolean().default(false),
      /** Rate of every dropout layer; unset keeps the architecture's own rates. */
      dropout: z.number().min(0).lt(1).optional(),
    })
    .prefault({}),
  optimizer: optimizerConfigSchema.prefault({ type: 'adam', learningRate: DEFAULT_MODEL.learningRate }),
  regularization: regularizationConfigSchema.prefault({}),
  schedule: learningRateScheduleSchema.prefault({ type: 'constant' }),
  /** Off unless set (`{}` turns it on with its defaults). */
  reduceLrOnPlateau: reduceLrOnPlateauConfigSchema.optional(),
  /** Off unless set. */
  earlyStopping: earlyStoppingConfigSchema.optional(),
  /** Clip gradients to this global norm; off unless set. */
  gradientClipNorm: z.number().positive().optional(),
  /** Training-batch augmentation; off unless set. Evaluation never sees it. */
  augmentation: augmentationConfigSchema.optional(),
  epochs: z.number().int().positive().default(DEFAULT_MODEL.epochs),
  batchSize: z.number().int().positive().default(DEFAULT_MODEL.batchSize),
  /**
   * Seeds the validation split, the initial weights, the shuffle order and augmentation. Dropout
   * masks stay random: with `model.dropout: 0` a rerun on the same backend is identical.
   */
  seed: z.number().int().nonnegative().default(DEFAULT_MODEL.seed),
});
export type RunConfig = z.infer<typeof runConfigSchema>;

/** A config as written: any subset of the keys, nested. */
export type RunConfigInput = z.input<typeof runConfigSchema>;

/**
 * The layer every config is merged over: it gives the optimizer and schedule their `type`, so a
 * layer that sets only `optimizer.learningRate` (`--lr`) tunes the default Adam.
 */
export const RUN_CONFIG_BASE: RunConfigInput = {
  optimizer: { type: 'adam', learningRate: DEFAULT_MODEL.learningRate },
  schedule: { type: 'constant' },
};

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

/** A text classifier's run (`trainer text train`'s flags, the training API's text jobs). */
export const textRunConfigSchema = z.strictObject({
  architecture: z.enum(TEXT_ARCHITECTURES).default('pooled'),
  /** Transformer encoder blocks. */
  blocks: z.number().int().min(1).max(2).default(1),
  epochs: z.number().int().min(1).max(100).default(4),
  batchSize: z.number().int().min(1).max(4096).default(64),
  vocabularySize: z.number().int().min(16).max(50_000).default(8000),
  /** Tokens per text after truncation and padding. */
  maxLength: z.number().int().min(1).max(2048).default(200),
  seed: z.number().int().nonnegative().default(42),
});
export type TextRunConfig = z.infer<typeof textRunConfigSchema>;
export type TextRunConfigInput = z.input<typeof textRunConfigSchema>;
