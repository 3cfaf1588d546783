import { checkDigitInk, INK_THRESHOLD } from './check-digit-ink.ts';
import { inkBoundingBox } from './ink-bounding-box.ts';

/**
 * Refuses JSON pixels (MNIST's convention, light ink on black, values in [0, scale], already
 * validated) that hold no digit-like ink, as an image would be refused (checkDigitInk): all zero,
 * any uniform level, a speck, ink everywhere or noise answer InputError `no_digit`, not a guess.
 */
export function checkPixelInk(pixels: ArrayLike<number>, scale: 1 | 255, width: number, height: number): void {
  const ink = Float32Array.from(pixels, (value) => value / scale);
  checkDigitInk(ink, width, height, inkBoundingBox(ink, width, height, INK_THRESHOLD), INK_THRESHOLD);
}
