import { z } from 'zod';

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
