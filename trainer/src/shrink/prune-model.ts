import type { ImageSplit } from '../data/dataset.ts';
import { tf, type LayersModel } from '../tf.ts';
import { layerSparsity, type LayerSparsity } from './layer-sparsity.ts';
import { magnitudeMasks, type PruningScope } from './magnitude-masks.ts';
import { modelLogits } from './model-logits.ts';
import { prunableWeights } from './prunable-weights.ts';
import { pruningSchedule, type PruningScheduleKind } from './pruning-schedule.ts';
import { runTrainingLoop, type LoopEpochLog, type TrainingLoopOptions, type TrainingLoopResult } from './run-training-loop.ts';

export interface PruneModelOptions {
  /** Share of conv and dense kernel weights set to zero. */
  sparsity: number;
  scope: PruningScope;
  schedule: PruningScheduleKind;
  /** Gradual: mask recomputations (default 10). */
  pruningEvents?: number;
  /** Fine-tuning epochs (0: prune only). */
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Multiplies the learning rate after every epoch (default 1). */
  learningRateDecay?: number;
  seed: number;
  classes: number;
  onEpochEnd?: (log: LoopEpochLog) => void;
  onProgress?: TrainingLoopOptions['onProgress'];
  /** Steps between `onProgress` calls (default 50). */
  reportEvery?: number;
}

export interface PruneResult extends TrainingLoopResult {
  layers: LayerSparsity[];
  /** Zeros over all prunable weights after fine-tuning. */
  sparsity: number;
}

/**
 * Magnitude pruning in place: masks zero the smallest kernel weights (on the schedule), and after
 * every fine-tuning step the masks are applied again, so weights Adam moves off zero go back to it.
 * The pruned weights stay exact zeros in the saved model and its ONNX export.
 */
export function pruneModel(model: LayersModel, split: ImageSplit, options: PruneModelOptions): PruneResult {
  const weights = prunableWeights(model);
  let masks: tf.Tensor[] = [];
  const applyMasks = (): void => {
    tf.tidy(() => weights.forEach(({ variable }, i) => variable.assign(tf.mul(variable, masks[i]!))));
  };
  const pruneTo = (sparsity: number): void => {
    const values = weights.map(({ variable }) => variable.dataSync() as Float32Array);
    tf.dispose(masks);
    masks = magnitudeMasks(values, sparsity, options.scope).map((mask, i) => tf.tensor(Float32Array.from(mask), weights[i]!.variable.shape));
    applyMasks();
  };

  const logits = modelLogits(model);
  const totalSteps = options.epochs * Math.ceil(split.count / options.batchSize);
  const schedule = pruningSchedule({ kind: options.schedule, target: options.sparsity, totalSteps, pruningEvents: options.pruningEvents });
  try {
    pruneTo(schedule.get(0) ?? 0);
    const result = runTrainingLoop(model, split, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      learningRateDecay: options.learningRateDecay,
      seed: options.seed,
      classes: options.classes,
      makeLoss: ({ x, y }) => () => tf.losses.softmaxCrossEntropy(y, logits(x, true)) as tf.Scalar,
      afterStep: (step) => {
        const next = schedule.get(step + 1);
        if (next === undefined) applyMasks();
        else pruneTo(next);
      },
      onEpochEnd: options.onEpochEnd,
      onProgress: options.onProgress,
      reportEvery: options.reportEvery,
    });
    const sparsity = layerSparsity(model);
    return { ...result, layers: sparsity.layers, sparsity: sparsity.overall };
  } finally {
    tf.dispose(masks);
  }
}
