import { z } from 'zod';

/** One epoch of training: what the models page plots. A value the run did not measure (NaN there) is null. */
export const epochCurvePointSchema = z.object({
  /** 1-based. */
  epoch: z.number().int().positive(),
  loss: z.number().nullable(),
  accuracy: z.number().min(0).max(1).nullable(),
  validationLoss: z.number().nullable(),
  validationAccuracy: z.number().min(0).max(1).nullable(),
  learningRate: z.number().nonnegative().optional(),
  seconds: z.number().nonnegative().optional(),
});
export type EpochCurvePoint = z.infer<typeof epochCurvePointSchema>;

/** A version's training curves: the optional `curves` artifact (`curves.json`) of its manifest. */
export const trainingCurvesSchema = z.object({
  schemaVersion: z.literal(1),
  epochs: z.array(epochCurvePointSchema),
});
export type TrainingCurves = z.infer<typeof trainingCurvesSchema>;
