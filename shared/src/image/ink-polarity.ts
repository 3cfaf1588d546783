import type { ImagePreprocessing } from '../schemas/manifest.ts';
import type { GrayImage } from './to-gray.ts';

/**
 * Whether the ink is darker than its background (dark ink on light paper), as `invert` says or,
 * for `auto`, from the grey levels: the background is the majority, so the median sits nearer the
 * background's end of the range (1st to 99th percentile) than the ink's. A whole-image test, not
 * the border's: a photo's border may be vignetted, shadowed or beyond the paper's edge.
 */
export function inkIsDark(gray: GrayImage, invert: ImagePreprocessing['invert']): boolean {
  if (invert !== 'auto') return invert === 'always';
  const histogram = new Uint32Array(256);
  for (let i = 0; i < gray.data.length; i++) histogram[Math.min(255, Math.max(0, Math.round(gray.data[i])))]++;
  const [low, median, high] = [0.01, 0.5, 0.99].map((share) => percentileLevel(histogram, share * gray.data.length));
  return high - median < median - low;
}

function percentileLevel(histogram: Uint32Array, rank: number): number {
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += histogram[level];
    if (seen > rank) return level;
  }
  return 255;
}
