import { type LearningRateSchedule } from '@edgeml/shared';
import { learningRateAt } from './learning-rate-schedule.ts';
import type { TrainingCallback, TrainingContext } from './training-callback.ts';

/**
 * Sets the optimizer's rate at the start of every epoch from the schedule, times the plateau
 * reductions so far (Keras' LearningRateScheduler). Always present: a constant schedule keeps the
 * optimizer's rate.
 */
export class LearningRateScheduler implements TrainingCallback {
  readonly name = 'learning-rate-scheduler';

  constructor(
    readonly schedule: LearningRateSchedule,
    /** The optimizer's configured rate. */
    readonly baseLearningRate: number,
  ) {}

  onEpochBegin(epoch: number, context: TrainingContext): void {
    const scheduled = learningRateAt(this.schedule, this.baseLearningRate, epoch, context.epochs);
    context.optimizer.setLearningRate(scheduled * context.learningRateScale);
  }
}
