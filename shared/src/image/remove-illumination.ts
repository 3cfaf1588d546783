import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { estimateBackground } from './estimate-background.ts';
import { inkIsDark } from './ink-polarity.ts';
import type { GrayImage } from './to-gray.ts';

/**
 * Least headroom divided by: light "ink" on bright paper (noise over a blank sheet, taken for light
 * ink) has almost none, and sensor noise over it would read as full contrast.
 */
const MIN_HEADROOM = 96;

/**
 * Ink levels in [0, 1] (0 background, 1 full contrast) with uneven lighting taken out: in the
 * ink-is-bright domain each level's rise over the local background (estimateBackground) divided by
 * the headroom above it. For dark ink on paper that is 1 − pixel / local paper brightness, so a
 * gradient, vignette or shadow that scales the light scales paper and ink alike and cancels.
 */
export function removeIllumination(gray: GrayImage, invert: ImagePreprocessing['invert']): Float32Array {
  const { width, height, data } = gray;
  const dark = inkIsDark(gray, invert);
  const levels = dark ? data.map((v) => 255 - v) : data;
  const background = estimateBackground(levels, width, height);
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) {
    const headroom = Math.max(MIN_HEADROOM, 255 - background[i]);
    ink[i] = Math.min(1, Math.max(0, (levels[i] - background[i]) / headroom));
  }
  return ink;
}
