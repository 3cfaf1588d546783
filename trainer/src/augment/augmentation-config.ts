import { z } from 'zod';

/** Random affine augmentation of training images (the primer's data_augmentation); absent means off. */
export const augmentationConfigSchema = z.strictObject({
  /** Rotation drawn uniformly from ±this many degrees. */
  rotationDegrees: z.number().min(0).max(180).default(10),
  /** Shift drawn uniformly from ±this fraction of the width (x) and height (y). */
  shift: z.number().min(0).lt(1).default(0.1),
  /** Scale drawn uniformly from [1 − zoom, 1 + zoom]. */
  zoom: z.number().min(0).lt(1).default(0.1),
  /** Share of images whose strokes are thickened by a pixel. */
  thickness: z.number().min(0).max(1).default(0),
  /** Elastic distortion: displacement of up to this many pixels. */
  elastic: z.number().min(0).max(4).default(0),
  /** Share of images blurred (3 × 3 binomial). */
  blur: z.number().min(0).max(1).default(0),
  /** Gaussian noise of standard deviation up to this, in normalised pixel units. */
  noise: z.number().min(0).max(1).default(0),
});
export type AugmentationConfig = z.infer<typeof augmentationConfigSchema>;
