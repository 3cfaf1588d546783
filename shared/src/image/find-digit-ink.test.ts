import { describe, expect, it } from 'vitest';
import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { decodeImage } from './decode-image.ts';
import { findDigitInk } from './find-digit-ink.ts';
import { applyMnistRecipe } from './mnist-recipe.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { DEVELOPMENT_STYLE } from './testdata/client-image-style.ts';
import { MNIST_SIDE, readMnistDigits } from './testdata/read-mnist-digits.ts';
import { renderCanvas } from './testdata/render-canvas.ts';
import { renderPhoto } from './testdata/render-photo.ts';
import { seededRandom } from './testdata/seeded-random.ts';
import { strokeDigit } from './testdata/stroke-digit.ts';
import { thinDigit } from './testdata/thin-digit.ts';
import { toGray, type GrayImage } from './to-gray.ts';
import { extractInk } from './extract-ink.ts';
import { inkBoundingBox } from './ink-bounding-box.ts';

const params: ImagePreprocessing = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
const [seven] = readMnistDigits(1);

/** A 400 × 300 sheet lit from the right (the left half at 45% of the light), ruled every 30 px, the 7 drawn at (250, 150). */
function unevenSheet(ruled: boolean): { gray: GrayImage; digitBox: { left: number; right: number; top: number; bottom: number } } {
  const width = 400;
  const height = 300;
  const ink = strokeDigit(thinDigit(seven!.pixels), { width, height, centreX: 250, centreY: 150, side: 120, rotationDegrees: 5, radius: 2.5, elastic: 0, phases: [0, 0, 0, 0] });
  const data = new Float32Array(width * height);
  let [left, right, top, bottom] = [width, -1, height, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = ink[y * width + x]!;
      if (a > 0.5) [left, right, top, bottom] = [Math.min(left, x), Math.max(right, x), Math.min(top, y), Math.max(bottom, y)];
      const paper = ruled && y % 30 === 0 ? 170 : 235;
      const light = x < width / 2 ? 0.45 : 0.45 + (0.55 * (x - width / 2)) / (width / 2);
      data[y * width + x] = (paper * (1 - a) + 25 * a) * light;
    }
  }
  return { gray: { width, height, data }, digitBox: { left, right, top, bottom } };
}

describe('findDigitInk (preprocessing version 2)', () => {
  it.each([false, true])('finds the digit on a sheet darker on one side (ruled: %s), where one background level takes the dark half for ink', (ruled) => {
    const { gray, digitBox } = unevenSheet(ruled);
    const { box } = findDigitInk(gray, 'auto');
    expect(Math.abs(box.left - digitBox.left)).toBeLessThanOrEqual(3);
    expect(Math.abs(box.left + box.width - 1 - digitBox.right)).toBeLessThanOrEqual(3);
    expect(Math.abs(box.top - digitBox.top)).toBeLessThanOrEqual(3);
    expect(Math.abs(box.top + box.height - 1 - digitBox.bottom)).toBeLessThanOrEqual(3);
    // Version 1's single background level: the dark half of the sheet is "ink".
    const v1 = inkBoundingBox(extractInk(gray, 'auto')!, gray.width, gray.height, 0.1)!;
    expect(v1.width).toBeGreaterThan(2 * box.width);
  });

  it.each([false, true])('reads a faint pencil digit (a quarter darker than the paper), one shape spanning a fifth of the frame (the dark table beyond the paper above: %s)', (table) => {
    const [width, height] = [400, 300];
    const ink = strokeDigit(thinDigit(seven!.pixels), { width, height, centreX: 150, centreY: 140, side: 90, rotationDegrees: -4, radius: 1.5, elastic: 0, phases: [0, 0, 0, 0] });
    const data = Float32Array.from(ink, (a, i) => (table && i < 40 * width ? 50 : 235 * (1 - 0.25 * a) * (0.8 + (0.2 * (i % width)) / width)));
    const { box } = findDigitInk({ width, height, data }, 'auto');
    expect(box.height).toBeGreaterThan(50);
    expect(box.height).toBeLessThan(80);
    expect(Math.abs(box.top + box.height / 2 - 140)).toBeLessThan(10);
  });

  it('leaves MNIST test digits as version 1 does (same ink, box and centring)', () => {
    const digits = readMnistDigits(300, 2000);
    const differences = digits.map(({ pixels }) => {
      const gray = { width: MNIST_SIDE, height: MNIST_SIDE, data: Float32Array.from(pixels) };
      const v1 = applyMnistRecipe(gray, params);
      const v2 = applyMnistRecipe(gray, { ...params, version: 2 });
      return v1.reduce((sum, v, i) => sum + Math.abs(v - v2[i]!), 0) / v1.length;
    });
    expect(differences.filter((d) => d < 0.01).length / differences.length).toBeGreaterThanOrEqual(0.98);
  });

  it('reads light strokes on a black canvas', () => {
    const random = seededRandom(5);
    const gray = toGray(decodeImage(renderCanvas(thinDigit(seven!.pixels), DEVELOPMENT_STYLE.canvas, random)));
    const { box, ink } = findDigitInk(gray, 'auto');
    expect(Math.max(box.width, box.height)).toBeGreaterThan(60);
    expect(Math.max(...ink)).toBe(1);
  });

  it('answers no_digit for blank photos of paper (uneven light, shadows, ruled lines, the paper edge) and an empty canvas', () => {
    const random = seededRandom(11);
    const blanks = [...Array.from({ length: 12 }, () => renderPhoto(undefined, DEVELOPMENT_STYLE.photo, random)), renderCanvas([], DEVELOPMENT_STYLE.canvas, random)];
    for (const bytes of blanks) {
      expect(catchInputError(() => findDigitInk(toGray(decodeImage(bytes)), 'auto')).code).toBe('no_digit');
    }
  });
});
