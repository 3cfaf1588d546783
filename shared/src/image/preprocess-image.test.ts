import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { applyMnistRecipe } from './mnist-recipe.ts';
import { normalizePixels } from './normalize-pixels.ts';
import { preprocessImage } from './preprocess-image.ts';
import { bestShiftedCorrelation } from './testdata/best-shifted-correlation.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { correlation } from './testdata/correlation.ts';
import { readMnistDigits } from './testdata/read-mnist-digits.ts';
import { type InkStyle, paintInk, renderDigit } from './testdata/render-digit.ts';

const params: ImagePreprocessing = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
const digits = readMnistDigits(16, 100);
const placement = { width: 300, height: 220, left: 20, top: 30, side: 165 };

/** The digit drawn dark on light, 300 × 220 and off-centre, encoded as a user would send it. */
function encodeDigit(pixels: Uint8Array, format: 'png' | 'jpeg', style: InkStyle): Uint8Array {
  const { channels, data } = paintInk(renderDigit(pixels, placement), style);
  if (format === 'png') return encodePng({ width: placement.width, height: placement.height, data, channels });
  return new Uint8Array(encodeJpeg({ width: placement.width, height: placement.height, data }, 85).data);
}

/** Undoes the normalisation, to compare with the [0, 1] MNIST digit. */
const unnormalize = (values: Float32Array): number[] => Array.from(values, (v) => v * params.std + params.mean);

describe('preprocessImage', () => {
  it.each([
    ['png', 'gray'],
    ['png', 'rgb'],
    ['png', 'rgba-transparent'],
    ['jpeg', 'rgba-opaque'],
  ] as const)('turns a %s (%s) drawing of an MNIST digit back into that digit', (format, style) => {
    const correlations = digits.map(({ pixels }) => {
      const values = preprocessImage(encodeDigit(pixels, format, style), params);
      expect(values).toHaveLength(784);
      const original = Array.from(pixels, (v) => v / 255);
      return { aligned: bestShiftedCorrelation(unnormalize(values), original, 28), as: correlation(unnormalize(values), original) };
    });
    // Drawing the digit large blurs it (it is enlarged from 28 pixels), so thin loops lose a little.
    expect(Math.min(...correlations.map((c) => c.aligned))).toBeGreaterThan(0.85);
    expect(correlations.reduce((sum, c) => sum + c.aligned, 0) / correlations.length).toBeGreaterThan(0.95);
    expect(correlations.map((c) => c.as).sort((a, b) => a - b)[8]).toBeGreaterThan(0.93);
  });

  it('normalises the recipe output with mean and std', () => {
    const values = preprocessImage(encodeDigit(digits[0].pixels, 'png', 'gray'), params);
    // The background is exactly 0 before normalisation; no value goes past 1.
    expect(Math.min(...values)).toBeCloseTo(-params.mean / params.std, 5);
    expect(Math.max(...values)).toBeLessThanOrEqual((1 - params.mean) / params.std + 1e-6);
    const { width, height } = placement;
    const gray = { width, height, data: renderDigit(digits[0].pixels, placement).map((a) => 255 * (1 - a)) };
    const expected = normalizePixels(applyMnistRecipe(gray, params), 1, params);
    expect(correlation(values, expected)).toBeGreaterThan(0.999);
  });

  it('passes the decoder limits and errors through', () => {
    const png = encodeDigit(digits[0].pixels, 'png', 'gray');
    expect(catchInputError(() => preprocessImage(png, params, { maxSide: 256 })).code).toBe('payload_too_large');
    expect(catchInputError(() => preprocessImage(png.subarray(0, 100), params)).code).toBe('invalid_image');
  });
});
