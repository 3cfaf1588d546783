import { InputError } from '../errors.ts';

/** A bounding box of ink, in pixels. */
export interface InkBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Thresholds measured on the 10,000 MNIST test digits (ink maps from extractInk):
 * - a digit's ink box spans at least 68% of a 28×28 image's side (40% of a 300×220 canvas it was
 *   drawn on with margins), so a box under 3% of the longer side (or 3 pixels) is a speck;
 * - a digit covers at most 38% of a 28×28 image, 80% when cropped to its own box: 90% is ink everywhere;
 * - neighbouring ink levels correlate at least 0.5 in a digit (0.6 after JPEG), about 0 in noise
 *   (0.3 in faint noise through JPEG at quality 30), so noise is a correlation under 0.35 over a
 *   covered image (over 20%: thin one-pixel pen strokes correlate little but cover little).
 */
/** Ink levels (0-1, light ink on black) above this belong to a digit's bounding box: MNIST's faint edges are under it. */
export const INK_THRESHOLD = 0.1;
const MIN_BOX_SHARE = 0.03;
const MIN_BOX_PIXELS = 3;
const MAX_COVERAGE = 0.9;
const NOISE_MIN_COVERAGE = 0.2;
const MIN_NEIGHBOUR_CORRELATION = 0.35;

/**
 * Refuses ink that is not digit-like with InputError `no_digit` (422): none at all, a speck, ink
 * covering essentially the whole image, or noise. `ink` is extractInk's map (0-1, row-major) and
 * `box` the box of the levels over `threshold`, undefined when there are none. Conservative: no
 * MNIST test digit, as a 28×28 image or drawn larger, as PNG or JPEG, is refused.
 */
export function checkDigitInk(ink: Float32Array | undefined, width: number, height: number, box: InkBox | undefined, threshold: number): void {
  if (ink === undefined || box === undefined) {
    throw new InputError('no_digit', 'no digit found: the image is blank or of one uniform level');
  }
  const longerSide = Math.max(box.width, box.height);
  if (longerSide < MIN_BOX_PIXELS || longerSide < MIN_BOX_SHARE * Math.max(width, height)) {
    throw new InputError('no_digit', `no digit found: the only ink is a ${box.width}×${box.height} speck`, { box: [box.width, box.height] });
  }
  let covered = 0;
  for (let i = 0; i < ink.length; i++) if (ink[i] > threshold) covered++;
  const coverage = covered / ink.length;
  if (coverage > MAX_COVERAGE) {
    throw new InputError('no_digit', `no digit found: ink covers ${Math.round(coverage * 100)}% of the image`, { coverage });
  }
  if (coverage > NOISE_MIN_COVERAGE && neighbourCorrelation(ink, width, height) < MIN_NEIGHBOUR_CORRELATION) {
    throw new InputError('no_digit', 'no digit found: the ink looks like noise, not strokes', { coverage });
  }
}

/** Correlation of each ink level with its right and lower neighbours: near 1 for strokes, near 0 for noise. */
function neighbourCorrelation(ink: Float32Array, width: number, height: number): number {
  let mean = 0;
  for (let i = 0; i < ink.length; i++) mean += ink[i];
  mean /= ink.length;
  let variance = 0;
  let covariance = 0;
  let pairs = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const a = ink[i] - mean;
      variance += a * a;
      if (x + 1 < width) {
        covariance += a * (ink[i + 1] - mean);
        pairs++;
      }
      if (y + 1 < height) {
        covariance += a * (ink[i + width] - mean);
        pairs++;
      }
    }
  }
  return variance === 0 || pairs === 0 ? 1 : covariance / pairs / (variance / ink.length);
}
