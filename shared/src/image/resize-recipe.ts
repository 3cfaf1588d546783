import type { ResizePreprocessing } from '../schemas/manifest.ts';
import { resizeGray } from './resize-gray.ts';
import type { GrayImage } from './to-gray.ts';

/**
 * The recipe for pictures that are not digits: no ink is looked for, the whole image is the input.
 * Grey levels scaled to [0, 1], inverted as `invert` says (`auto`: when the border's mean is light,
 * the background is, and the picture is inverted to lie on black as Fashion-MNIST's do), then the
 * image scaled to fit size × size keeping its aspect ratio (anti-aliased) and centred, the rest
 * black. Returns size × size values in [0, 1], row-major, not yet normalised; never refuses an image.
 */
export function applyResizeRecipe(gray: GrayImage, params: ResizePreprocessing): Float32Array {
  const invert = params.invert === 'always' || (params.invert === 'auto' && borderMean(gray) > 127.5);
  const data = Float32Array.from(gray.data, (level) => (invert ? 255 - level : level) / 255);
  const { size } = params;
  const scale = size / Math.max(gray.width, gray.height);
  const width = Math.min(size, Math.max(1, Math.round(gray.width * scale)));
  const height = Math.min(size, Math.max(1, Math.round(gray.height * scale)));
  const fitted = resizeGray({ width: gray.width, height: gray.height, data }, width, height);
  const result = new Float32Array(size * size);
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - height) / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) result[(top + y) * size + left + x] = Math.min(1, Math.max(0, fitted.data[y * width + x]));
  }
  return result;
}

/** Mean grey level of the outermost rows and columns. */
function borderMean(gray: GrayImage): number {
  const { width, height, data } = gray;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y !== 0 && y !== height - 1 && x !== 0 && x !== width - 1) continue;
      sum += data[y * width + x];
      count++;
    }
  }
  return sum / count;
}
