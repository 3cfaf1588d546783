import type { ImageSplit } from '../data/dataset.ts';
import { tf, type LayersModel } from '../tf.ts';
import { layerSparsity, type LayerSparsity } from './layer-sparsity.ts';
import { magnitudeMasks, type PruningScope } from './magnitude-masks.ts';
import { modelLogits } from './model-logits.ts';
import { prunableWeights } from './prunable-weights.ts';
import { pruningSchedule, type PruningScheduleKind } from './pruning-schedule.ts';
import { runTrainingLoop, type TrainingLoopOptions, type TrainingLoopResult } from './run-training-loop.ts';

export interface PruneModelOptions extends Omit<TrainingLoopOptions, 'makeLoss' | 'afterStep'> {
  /** Share of conv and dense kernel weights set to zero. */
  sparsity: number;
  scope: PruningScope;
  schedule: PruningScheduleKind;
  /** Gradual: mask recomputations (default 10). */
  pruningEvents?: number;
  /** Fine-tuning epochs (0: prune only). */
  epochs: number;
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
export async function pruneModel(model: LayersModel, split: ImageSplit, options: PruneModelOptions): Promise<PruneResult> {
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
    const result = await runTrainingLoop(model, split, {
      ...options,
      makeLoss: ({ x, y }) => () => {
        const output = logits(x, true);
        return { loss: tf.losses.softmaxCrossEntropy(y, output) as tf.Scalar, logits: output };
      },
      afterStep: (step) => {
        const next = schedule.get(step + 1);
        if (next === undefined) applyMasks();
        else pruneTo(next);
      },
    });
    const sparsity = layerSparsity(model);
    return { ...result, layers: sparsity.layers, sparsity: sparsity.overall };
  } finally {
    tf.dispose(masks);
  }
}
