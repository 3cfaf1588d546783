import { trainingCurvesSchema, type TrainingCurves } from '@edgeml/shared';
import type { EpochLog } from '../train/epoch-log.ts';

/** JSON has no NaN: an unmeasured value (a run without validation data) is published as null. */
const finite = (value: number) => (Number.isFinite(value) ? value : null);

/** A run's per-epoch history as the `curves` artifact published beside its model. */
export function toTrainingCurves(history: readonly EpochLog[]): TrainingCurves {
  return trainingCurvesSchema.parse({
    schemaVersion: 1,
    epochs: history.map(({ epoch, loss, accuracy, validationLoss, validationAccuracy, learningRate, seconds }) => ({
      epoch,
      loss: finite(loss),
      accuracy: finite(accuracy),
      validationLoss: finite(validationLoss),
      validationAccuracy: finite(validationAccuracy),
      learningRate,
      seconds,
    })),
  });
}
