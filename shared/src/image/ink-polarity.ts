import type { ImagePreprocessing } from '../schemas/manifest.ts';
import type { GrayImage } from './to-gray.ts';

/** Blocks across the longer side: large enough that a thick brush stroke is the minority of each, small enough that light is about even within one. */
const BLOCKS_PER_SIDE = 4;
/** At least this many pixels a side, so a block of a 28 × 28 digit is mostly background. */
const MIN_BLOCK = 12;
/** Departures from a block's median under this many grey levels are noise, not ink. */
const NOISE_LEVELS = 8;

/**
 * Whether the ink is darker than its background (dark ink on light paper), as `invert` says or,
 * for `auto`, from local contrast: each pixel is compared with its block's median (the
 * background, the majority there) and the side whose departures weigh more is the ink's. Local,
 * not whole-image: on a sheet lit unevenly the paper's own levels spread over the whole range.
 */
export function inkIsDark(gray: GrayImage, invert: ImagePreprocessing['invert']): boolean {
  if (invert !== 'auto') return invert === 'always';
  const { width, height, data } = gray;
  const block = Math.max(MIN_BLOCK, Math.round(Math.max(width, height) / BLOCKS_PER_SIDE));
  const histogram = new Uint32Array(256);
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
      for (let level = 0; level < 256; level++) {
        const departure = level - median;
        if (departure > NOISE_LEVELS) lightMass += histogram[level] * departure;
        else if (departure < -NOISE_LEVELS) darkMass -= histogram[level] * departure;
      }
    }
  }
  return darkMass > lightMass;
}

function medianLevel(histogram: Uint32Array, count: number): number {
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += histogram[level];
    if (seen * 2 >= count) return level;
  }
  return 255;
}
