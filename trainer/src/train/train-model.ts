import { augmentationConfigSchema, earlyStoppingConfigSchema, type LearningRateScheduleInput, learningRateScheduleSchema, type OptimizerConfigInput, reduceLrOnPlateauConfigSchema, regularizationConfigSchema } from '@edgeml/shared';
import type { z } from 'zod';
import { EarlyStopping } from '../callbacks/early-stopping.ts';
import { LearningRateScheduler } from '../callbacks/learning-rate-scheduler.ts';
import { ReduceLrOnPlateau } from '../callbacks/reduce-lr-on-plateau.ts';
import type { TrainingCallback, TrainingContext } from '../callbacks/training-callback.ts';
import type { ImageSplit } from '../data/dataset.ts';
import { TrainerError } from '../errors.ts';
import { createOptimizer } from '../optimizers/create-optimizer.ts';
import type { LayersModel } from '../tf.ts';
import type { EpochLog, TrainProgress } from './epoch-log.ts';
import { evaluateModel } from './evaluate-model.ts';
import { readCheckpoint } from './read-checkpoint.ts';
import { regularizationPenalty } from './regularization.ts';
import { restoreCheckpoint } from './restore-checkpoint.ts';
import { saveCheckpoint } from './save-checkpoint.ts';
import { trainEpoch } from './train-epoch.ts';
import { createTrainStep } from './train-step.ts';

export type { EpochLog, TrainProgress } from './epoch-log.ts';

export interface TrainModelOptions {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfigInput;
  /** Default: constant. */
  schedule?: LearningRateScheduleInput;
  reduceLrOnPlateau?: z.input<typeof reduceLrOnPlateauConfigSchema>;
  earlyStopping?: z.input<typeof earlyStoppingConfigSchema>;
  regularization?: z.input<typeof regularizationConfigSchema>;
  /** Clip gradients to this global norm. */
  gradientClipNorm?: number;
  /** Random affine augmentation of training batches; off when unset. */
  augmentation?: z.input<typeof augmentationConfigSchema>;
  /** Seeds each epoch's shuffle order and augmentation (default 42). */
  seed?: number;
  /** Save a checkpoint in `dir` after every epoch; `resume` continues from the one there. */
  checkpoint?: { dir: string; resume?: boolean; meta?: unknown };
  /** More callbacks, run after the built-in ones. */
  callbacks?: TrainingCallback[];
  /** Called after every batch with its loss: drive a progress bar from it. */
  onBatchEnd?: (progress: TrainProgress) => void;
  onEpochEnd?: (log: EpochLog) => void;
}

export interface TrainModelResult {
  /** Every epoch, those before a resume included. */
  history: EpochLog[];
  /** Wall time of this call. */
  seconds: number;
  /** Training throughput of this call, validation excluded. */
  samplesPerSecond: number;
  /** Epochs restored from the checkpoint (0 for a fresh run). */
  resumedFromEpoch: number;
  /** Early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
  /** The epoch whose weights the model holds when early stopping restored them. */
  bestEpoch?: number;
}

/**
 * Trains with a custom loop in the style of tfjs-layers' fit (per-batch `tf.tidy`, callbacks),
 * so that it can clip gradients, penalise weights, augment batches and checkpoint: seeded shuffle,
 * categorical cross-entropy, validation after each epoch.
 */
export async function trainModel(
  model: LayersModel,
  data: { train: ImageSplit; validation: ImageSplit; classes: number },
  options: TrainModelOptions,
): Promise<TrainModelResult> {
  const optimizer = createOptimizer(options.optimizer);
  const earlyStopping = options.earlyStopping ? new EarlyStopping(earlyStoppingConfigSchema.parse(options.earlyStopping)) : undefined;
  const builtIn: TrainingCallback[] = [
    new LearningRateScheduler(learningRateScheduleSchema.parse(options.schedule ?? { type: 'constant' }), optimizer.getLearningRate()),
    ...(options.reduceLrOnPlateau ? [new ReduceLrOnPlateau(reduceLrOnPlateauConfigSchema.parse(options.reduceLrOnPlateau))] : []),
    ...(earlyStopping ? [earlyStopping] : []),
  ];
  const callbacks = [...builtIn, ...(options.callbacks ?? [])];
  const context: TrainingContext = { model, optimizer, epochs: options.epochs, history: [], stopTraining: false, learningRateScale: 1 };
  const augmentationConfig = options.augmentation ? augmentationConfigSchema.parse(options.augmentation) : undefined;
  const augmentation = augmentationConfig && { config: augmentationConfig, fillValue: minimum(data.train.images) };
  const started = performance.now();
  try {
    const penalty = regularizationPenalty(model, regularizationConfigSchema.parse(options.regularization ?? {}));
    const step = createTrainStep(model, optimizer, { clipNorm: options.gradientClipNorm, penalty });
    if (options.checkpoint?.resume) {
      const saved = await readCheckpoint(options.checkpoint.dir);
      if (!saved) throw new TrainerError('not_found', `nothing to resume: no checkpoint in ${options.checkpoint.dir}`);
      await restoreCheckpoint(options.checkpoint.dir, saved, context, callbacks);
    }
    const resumedFromEpoch = context.history.length;
    for (const callback of callbacks) await callback.onTrainBegin?.(context);
    let trainingSeconds = 0;
    for (let epoch = resumedFromEpoch; epoch < options.epochs && !context.stopTraining; epoch++) {
      const epochStart = performance.now();
      for (const callback of callbacks) await callback.onEpochBegin?.(epoch, context);
      const learningRate = optimizer.getLearningRate();
      const totals = await trainEpoch({
        split: data.train,
        classes: data.classes,
        batchSize: options.batchSize,
        epoch,
        epochs: options.epochs,
        seed: options.seed ?? 42,
        step,
        augmentation,
        clipNorm: options.gradientClipNorm,
        onBatchEnd: options.onBatchEnd,
      });
      trainingSeconds += (performance.now() - epochStart) / 1000;
      const validation = evaluateModel(model, data.validation, data.classes);
      const log: EpochLog = {
        epoch: epoch + 1,
        loss: totals.loss,
        accuracy: totals.accuracy,
        validationLoss: validation.loss,
        validationAccuracy: validation.accuracy,
        learningRate,
        seconds: (performance.now() - epochStart) / 1000,
        ...(totals.gradientNorm !== undefined ? { gradientNorm: totals.gradientNorm, clippedBatches: totals.clippedBatches } : {}),
      };
      context.history.push(log);
      for (const callback of callbacks) await callback.onEpochEnd?.(log, context);
      if (options.checkpoint) await saveCheckpoint(options.checkpoint.dir, context, callbacks, options.checkpoint.meta);
      options.onEpochEnd?.(log);
    }
    for (const callback of callbacks) await callback.onTrainEnd?.(context);
    const epochsRun = context.history.length - resumedFromEpoch;
    return {
      history: context.history,
      seconds: (performance.now() - started) / 1000,
      samplesPerSecond: (data.train.count * epochsRun) / Math.max(trainingSeconds, 1e-9),
      resumedFromEpoch,
      stoppedEarly: earlyStopping?.stoppedEpoch !== undefined,
      ...(earlyStopping?.config.restoreBestWeights && earlyStopping.bestEpoch > 0 ? { bestEpoch: earlyStopping.bestEpoch } : {}),
    };
  } finally {
    // The caller's callbacks are the caller's to dispose.
    for (const callback of builtIn) callback.dispose?.();
    optimizer.dispose();
  }
}

/** The background value of normalised images: uncovered pixels of augmented images get it. */
function minimum(values: Float32Array): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < min) min = values[i]!;
  return Number.isFinite(min) ? min : 0;
}
