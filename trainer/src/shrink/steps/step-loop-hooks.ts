import type { LayersModel } from '../../tf.ts';
import { evaluateModel } from '../../train/evaluate-model.ts';
import type { LoopEpochLog, TrainingLoopOptions } from '../run-training-loop.ts';
import type { StepContext } from './step-context.ts';

/**
 * A step's loop hooks: `log` per epoch, and under a training job its stop signal, its batch hook,
 * and each epoch reported with the validation split's loss and accuracy (measured only then: the
 * CLI's loops stay as they were).
 */
export function stepLoopHooks(
  context: StepContext,
  params: { phase: 'distil' | 'prune'; model: LayersModel; epochs: number; log: (epoch: LoopEpochLog) => void },
): Pick<TrainingLoopOptions, 'onEpochEnd' | 'onBatchEnd' | 'signal'> {
  const { job, data } = context;
  if (!job) return { onEpochEnd: params.log };
  return {
    signal: job.signal,
    onBatchEnd: job.onBatchEnd,
    onEpochEnd: (epoch) => {
      params.log(epoch);
      const validation = evaluateModel(params.model, data.validation, data.labels.length);
      job.onEpoch(params.phase, { ...epoch, validationLoss: validation.loss, validationAccuracy: validation.accuracy }, params.epochs);
    },
  };
}
