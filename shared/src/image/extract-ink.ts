import type { ImagePreprocessing } from '../schemas/manifest.ts';
import type { GrayImage } from './to-gray.ts';

/** Below this contrast between background and the strongest ink (on a 0-1 scale) there is no ink. */
const MIN_INK_CONTRAST = 0.1;

/**
 * Ink levels in [0, 1], row-major: 0 is background, 1 the strongest ink. Ink is light on dark
 * as in MNIST, the background level (the median of the border) is taken off and the contrast
 * stretched, so grey paper, faint pencil and JPEG noise on the background fall to about 0.
 * Returns undefined when the image holds no ink (a blank or near-uniform image).
 */
export function extractInk(gray: GrayImage, invert: ImagePreprocessing['invert']): Float32Array | undefined {
  const { width, height, data } = gray;
  const border = borderMedian(gray) / 255;
  // A light border means dark ink on light paper: MNIST wants the opposite.
  const inverted = invert === 'always' || (invert === 'auto' && border > 0.5);
  const background = inverted ? 1 - border : border;

  const ink = new Float32Array(width * height);
  let peak = 0;
  for (let i = 0; i < ink.length; i++) {
    const level = inverted ? 1 - data[i] / 255 : data[i] / 255;
    ink[i] = level;
    if (level > peak) peak = level;
  }
  const contrast = peak - background;
  if (!(contrast >= MIN_INK_CONTRAST)) return undefined;
  for (let i = 0; i < ink.length; i++) {
    ink[i] = Math.min(1, Math.max(0, (ink[i] - background) / contrast));
  }
  return ink;
}

/**
 * Median grey level (to the nearest level) of a frame about 2% of the shorter side thick, at
 * least one pixel: the median of a band, not of the outermost row, stays on the background when
 * a stroke touches the edge. A histogram, not a sort: the band of a large photo is big.
 */
function borderMedian({ width, height, data }: GrayImage): number {
  const shorterSide = Math.min(width, height);
  const thickness = Math.max(1, Math.min(Math.round(shorterSide * 0.02), Math.floor(shorterSide / 2)));
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const inBand = y < thickness || y >= height - thickness;
    for (let x = 0; x < width; x++) {
      if (!inBand && x >= thickness && x < width - thickness) continue;
      histogram[Math.min(255, Math.max(0, Math.round(data[y * width + x])))]++;
      count++;
    }
  }
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += histogram[level];
    if (seen * 2 >= count) return level;
  }
  return 255;
}
