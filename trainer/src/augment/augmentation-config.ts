import { z } from 'zod';

/** Random affine augmentation of training images (the primer's data_augmentation); absent means off. */
export const augmentationConfigSchema = z.strictObject({
  /** Rotation drawn uniformly from ±this many degrees. */
  rotationDegrees: z.number().min(0).max(180).default(10),
  /** Shift drawn uniformly from ±this fraction of the width (x) and height (y). */
  shift: z.number().min(0).lt(1).default(0.1),
  /** Scale drawn uniformly from [1 − zoom, 1 + zoom]. */
  zoom: z.number().min(0).lt(1).default(0.1),
});
export type AugmentationConfig = z.infer<typeof augmentationConfigSchema>;
