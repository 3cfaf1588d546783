import { describe, expect, it } from 'vitest';
import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { applyMnistRecipe } from './mnist-recipe.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { bestShiftedCorrelation } from './testdata/best-shifted-correlation.ts';
import { correlation } from './testdata/correlation.ts';
import { MNIST_SIDE, readMnistDigits } from './testdata/read-mnist-digits.ts';
import { renderDigit } from './testdata/render-digit.ts';
import type { GrayImage } from './to-gray.ts';

const params: ImagePreprocessing = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
const digits = readMnistDigits(60);

const asGray = (pixels: Uint8Array): GrayImage => ({ width: MNIST_SIDE, height: MNIST_SIDE, data: Float32Array.from(pixels) });
const unit = (pixels: Uint8Array): Float32Array => Float32Array.from(pixels, (v) => v / 255);
const fraction = (flags: boolean[]): number => flags.filter(Boolean).length / flags.length;

/** Bounding box (value > 0.1) and centre of mass in pixel indices of a square image. */
function measure(values: Float32Array, side: number) {
  let left = side, right = -1, top = side, bottom = -1, mass = 0, sumX = 0, sumY = 0;
  values.forEach((v, i) => {
    const x = i % side;
    const y = Math.floor(i / side);
    mass += v;
    sumX += v * x;
    sumY += v * y;
    if (v <= 0.1) return;
    [left, right, top, bottom] = [Math.min(left, x), Math.max(right, x), Math.min(top, y), Math.max(bottom, y)];
  });
  return { width: right - left + 1, height: bottom - top + 1, centreX: sumX / mass, centreY: sumY / mass };
}

describe('applyMnistRecipe', () => {
  it('gives real MNIST digits back nearly unchanged, since MNIST was made by this recipe', () => {
    const results = digits.map(({ pixels }) => applyMnistRecipe(asGray(pixels), params));
    const correlations = results.map((result, i) => correlation(result, unit(digits[i].pixels)));
    const meanAbsDiffs = results.map((result, i) => {
      const original = unit(digits[i].pixels);
      return result.reduce((sum, v, j) => sum + Math.abs(v - original[j]), 0) / result.length;
    });
    // A few digits have their centre of mass within a hair of a half pixel and land one pixel over.
    expect(fraction(correlations.map((c) => c > 0.99))).toBeGreaterThanOrEqual(0.95);
    expect(fraction(meanAbsDiffs.map((d) => d < 0.01))).toBeGreaterThanOrEqual(0.95);
    results.forEach((result, i) => {
      expect(bestShiftedCorrelation(result, unit(digits[i].pixels), 28)).toBeGreaterThan(0.99);
    });
  });

  it('recovers a digit drawn dark on light, large and off-centre (shrinking by area)', () => {
    const correlations = digits.slice(0, 20).map(({ pixels }) => {
      const ink = renderDigit(pixels, { width: 300, height: 220, left: 120, top: 40, side: 170 });
      const result = applyMnistRecipe({ width: 300, height: 220, data: ink.map((a) => 255 * (1 - a)) }, params);
      expect(bestShiftedCorrelation(result, unit(pixels), 28)).toBeGreaterThan(0.9);
      return correlation(result, unit(pixels));
    });
    expect(correlations.sort((a, b) => a - b)[10]).toBeGreaterThan(0.95);
  });

  it('recovers a digit drawn small (enlarging bilinearly)', () => {
    // Drawn 24 pixels high, the digit has lost detail before the recipe sees it: the bar is lower.
    const correlations = digits.slice(0, 20).map(({ pixels }) => {
      const ink = renderDigit(pixels, { width: 40, height: 36, left: 3, top: 10, side: 24 });
      const result = applyMnistRecipe({ width: 40, height: 36, data: ink.map((a) => 255 * (1 - a)) }, params);
      const { width, height } = measure(result, 28);
      expect(Math.max(width, height)).toBe(20);
      return bestShiftedCorrelation(result, unit(pixels), 28);
    });
    expect(Math.min(...correlations)).toBeGreaterThan(0.85);
    expect(correlations.sort((a, b) => a - b)[10]).toBeGreaterThan(0.93);
  });

  it('fits the ink box to fitSize keeping its aspect ratio, centre of mass at the centre', () => {
    // A 60 × 15 bar on a 200 × 100 canvas becomes 20 × 5.
    const canvas = new Float32Array(200 * 100);
    for (let y = 70; y < 85; y++) canvas.fill(255, y * 200 + 10, y * 200 + 70);
    const result = applyMnistRecipe({ width: 200, height: 100, data: canvas }, { ...params, invert: 'never' });
    const { width, height, centreX, centreY } = measure(result, 28);
    expect([width, height]).toEqual([20, 5]);
    expect(Math.abs(centreX - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(centreY - 14)).toBeLessThanOrEqual(0.5);
  });

  it('follows params.size and params.fitSize', () => {
    const result = applyMnistRecipe(asGray(digits[0].pixels), { ...params, size: 16, fitSize: 12 });
    expect(result).toHaveLength(256);
    const { width, height } = measure(result, 16);
    expect(Math.max(width, height)).toBe(12);
  });

  it('inverts as params.invert says', () => {
    const light = renderDigit(digits[1].pixels, { width: 56, height: 56, left: 0, top: 0, side: 56 }).map((a) => 255 * (1 - a));
    const auto = applyMnistRecipe({ width: 56, height: 56, data: light }, params);
    expect(applyMnistRecipe({ width: 56, height: 56, data: light }, { ...params, invert: 'always' })).toEqual(auto);
    expect(correlation(auto, unit(digits[1].pixels))).toBeGreaterThan(0.9);
    // Taken as light ink on a light background, there is no ink at all.
    expect(catchInputError(() => applyMnistRecipe({ width: 56, height: 56, data: light }, { ...params, invert: 'never' })).code).toBe('no_digit');
    const dark = asGray(digits[1].pixels);
    expect(applyMnistRecipe(dark, { ...params, invert: 'never' })).toEqual(applyMnistRecipe(dark, params));
  });

  it('refuses an image without ink as no_digit: blank, uniform grey or faint noise', () => {
    const blank = { width: 50, height: 40, data: new Float32Array(2000).fill(255) };
    const grey = { width: 50, height: 40, data: new Float32Array(2000).fill(128) };
    const noise = { width: 50, height: 40, data: Float32Array.from({ length: 2000 }, (_, i) => 240 + ((i * 7919) % 13)) };
    for (const image of [blank, grey, noise]) {
      const error = catchInputError(() => applyMnistRecipe(image, params));
      expect(error.code).toBe('no_digit');
      expect(error.message).toMatch(/blank or of one uniform level/);
    }
  });

  it('keeps values in [0, 1] when a lopsided shape is clipped at the edges', () => {
    // A long thin stroke with a heavy blob at one end: its centre of mass is far from its box's centre.
    const canvas = new Float32Array(100 * 100).fill(255);
    for (let x = 5; x < 95; x++) canvas[50 * 100 + x] = 0;
    for (let y = 40; y < 60; y++) canvas.fill(0, y * 100 + 80, y * 100 + 95);
    const result = applyMnistRecipe({ width: 100, height: 100, data: canvas }, { ...params, fitSize: 28 });
    expect(result.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(result.some((v) => v > 0.5)).toBe(true);
  });
});
