import type { GrayImage } from './to-gray.ts';

/**
 * Stroke width MNIST's digits have in the 28 × 28 image, in pixels (area over half the perimeter
 * of their ink over half level: median 2.0, 10th percentile 1.46 on the test set). A photo's pen
 * shrunk to that scale is often 1 pixel or less, a faint hairline the model never saw.
 */
const TARGET_WIDTH = 2;
/** Ink over this level (0-1) is the stroke whose width is measured. */
const STROKE_LEVEL = 0.5;

/**
 * The digit's crop (ink 0-1, light on black) with its strokes widened, when they are thinner than
 * MNIST's: a grey dilation (square, separable) by the whole number of crop pixels that brings the
 * width, at `scale` (output pixels per crop pixel), to TARGET_WIDTH, the crop padded by as much so
 * nothing is cut. Strokes already that wide (MNIST's own digits at scale 1 round to no change) are
 * returned as they are.
 */
export function thickenStrokes(crop: GrayImage, scale: number): GrayImage {
  const width = strokeWidth(crop);
  const radius = width > 0 ? Math.round((TARGET_WIDTH / scale - width) / 2) : 0;
  if (radius < 1) return crop;
  const padded = { width: crop.width + 2 * radius, height: crop.height + 2 * radius, data: new Float32Array((crop.width + 2 * radius) * (crop.height + 2 * radius)) };
  for (let y = 0; y < crop.height; y++) padded.data.set(crop.data.subarray(y * crop.width, (y + 1) * crop.width), (y + radius) * padded.width + radius);
  return { ...padded, data: maxFilter(maxFilter(padded.data, padded.width, padded.height, radius, 1), padded.width, padded.height, radius, padded.width) };
}

/** Mean width of the strokes in pixels: the area of the ink over STROKE_LEVEL over half its perimeter; 0 without ink. */
function strokeWidth({ width, height, data }: GrayImage): number {
  let area = 0;
  let edges = 0;
  const on = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && data[y * width + x] > STROKE_LEVEL;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!on(x, y)) continue;
      area++;
      edges += Number(!on(x + 1, y)) + Number(!on(x - 1, y)) + Number(!on(x, y + 1)) + Number(!on(x, y - 1));
    }
  }
  return edges === 0 ? 0 : (2 * area) / edges;
}

/** The maximum over `radius` pixels on either side along rows (`step` 1) or columns (`step` width). */
function maxFilter(data: Float32Array, width: number, height: number, radius: number, step: number): Float32Array {
  const out = new Float32Array(data.length);
  const [lines, length, lineStep] = step === 1 ? [height, width, width] : [width, height, 1];
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    for (let k = 0; k < length; k++) {
      let best = 0;
      for (let j = Math.max(0, k - radius); j <= Math.min(length - 1, k + radius); j++) best = Math.max(best, data[base + j * step]);
      out[base + k * step] = best;
    }
  }
  return out;
}
