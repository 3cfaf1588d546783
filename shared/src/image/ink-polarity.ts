import type { ImagePreprocessing } from '../schemas/manifest.ts';
import type { GrayImage } from './to-gray.ts';

/** Blocks across the longer side: large enough that a thick brush stroke is the minority of each, small enough that light is about even within one. */
const BLOCKS_PER_SIDE = 4;
/** At least this many pixels a side, so a block of a 28 × 28 digit is mostly background. */
const MIN_BLOCK = 12;
/** Departures from a block's median under this many grey levels are noise, not ink. */
const NOISE_LEVELS = 8;

/** Half-widths a stroke is tested at: a stroke up to twice as wide is darker (lighter) than both points this far on either side. */
const RIDGE_RADII = [1, 2, 3, 5, 8, 13, 21];
/** Images up to this many pixels have every pixel tested; a 28 × 28 digit has few to spare. */
const SAMPLE_ALL_PIXELS = 256 * 256;

/**
 * Whether the ink is darker than its background (dark ink on light paper), as `invert` says or,
 * for `auto`, from local contrast: each pixel is compared with its block's median (the
 * background, the majority there), and a departure counts as ink only where it is a stroke, a
 * ridge darker (lighter) than the points at some radius on both sides across or along. The side
 * whose strokes weigh more is the ink's. A paper edge, the table beyond it or a shadow's edge is
 * a step, not a ridge, so it does not count, however large; a loop's inside is background level,
 * not a departure. Local, not whole-image: on a sheet lit unevenly the paper's own levels spread
 * over the whole range.
 */
export function inkIsDark(gray: GrayImage, invert: ImagePreprocessing['invert']): boolean {
  if (invert !== 'auto') return invert === 'always';
  const { width, height, data } = gray;
  const block = Math.max(MIN_BLOCK, Math.round(Math.max(width, height) / BLOCKS_PER_SIDE));
  const histogram = new Uint32Array(256);
  // Every other row and column of a large image: the weights are a vote, and the ridge tests are the cost.
  const step = width * height > SAMPLE_ALL_PIXELS ? 2 : 1;
  let darkMass = 0;
  let lightMass = 0;
  for (let top = 0; top < height; top += block) {
    for (let left = 0; left < width; left += block) {
      histogram.fill(0);
      const bottom = Math.min(height, top + block);
      const right = Math.min(width, left + block);
      for (let y = top; y < bottom; y++) {
        for (let x = left; x < right; x++) histogram[Math.min(255, Math.max(0, Math.round(data[y * width + x])))]++;
      }
      const median = medianLevel(histogram, (bottom - top) * (right - left));
      for (let y = top; y < bottom; y += step) {
        for (let x = left; x < right; x += step) {
          const departure = data[y * width + x] - median;
          if (departure > NOISE_LEVELS && isRidge(gray, x, y, 1)) lightMass += departure;
          else if (departure < -NOISE_LEVELS && isRidge(gray, x, y, -1)) darkMass -= departure;
        }
      }
    }
  }
  return darkMass > lightMass;
}

/** Whether pixel (x, y) is lighter (`sign` 1) or darker (−1) by NOISE_LEVELS than both points at some radius on either side, across or down. */
function isRidge(gray: GrayImage, x: number, y: number, sign: 1 | -1): boolean {
  const { width, height, data } = gray;
  const i = y * width + x;
  const level = sign * data[i] - NOISE_LEVELS;
  for (const r of RIDGE_RADII) {
    if (x >= r && x + r < width && sign * data[i - r] < level && sign * data[i + r] < level) return true;
    const across = r * width;
    if (y >= r && y + r < height && sign * data[i - across] < level && sign * data[i + across] < level) return true;
  }
  return false;
}

function medianLevel(histogram: Uint32Array, count: number): number {
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += histogram[level];
    if (seen * 2 >= count) return level;
  }
  return 255;
}
