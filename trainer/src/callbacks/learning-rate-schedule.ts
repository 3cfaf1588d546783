import type { LearningRateSchedule } from '@edgeml/shared';

/** The scheduled rate for a 0-based epoch of a run of `totalEpochs`. */
export function learningRateAt(schedule: LearningRateSchedule, base: number, epoch: number, totalEpochs: number): number {
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.gamma ** Math.floor(epoch / schedule.stepSize);
    case 'cosine': {
      const span = schedule.epochs ?? totalEpochs;
      const progress = Math.min(epoch, span) / span;
      return schedule.minLearningRate + ((base - schedule.minLearningRate) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}
