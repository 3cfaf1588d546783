import { modelNameSchema } from '@edgeml/shared';
import { z } from 'zod';
import { augmentationConfigSchema } from '../augment/augmentation-config.ts';
import { earlyStoppingConfigSchema } from '../callbacks/early-stopping.ts';
import { learningRateScheduleSchema } from '../callbacks/learning-rate-schedule.ts';
import { reduceLrOnPlateauConfigSchema } from '../callbacks/reduce-lr-on-plateau.ts';
import { ARCHITECTURES, type Architecture } from '../models/build-model.ts';
import { optimizerConfigSchema } from '../optimizers/optimizer-config.ts';
import { DEFAULT_MODEL } from '../pipeline/default-model.ts';
import { regularizationConfigSchema } from '../train/regularization.ts';

const architectureSchema = z.enum(Object.keys(ARCHITECTURES) as [Architecture, ...Architecture[]]);

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
      name: z.literal('mnist').default('mnist'),
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
