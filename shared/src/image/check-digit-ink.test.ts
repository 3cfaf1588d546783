import { encode as encodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { applyMnistRecipe } from './mnist-recipe.ts';
import { preprocessImage } from './preprocess-image.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { encodePngRaw } from './testdata/encode-png.ts';
import { readMnistDigits } from './testdata/read-mnist-digits.ts';
import { type InkStyle, paintInk, renderDigit } from './testdata/render-digit.ts';
import { seededRandom } from './testdata/seeded-random.ts';

const params: ImagePreprocessing = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
const random = seededRandom(11);

function greyPng(width: number, height: number, level: (x: number, y: number) => number): Uint8Array {
  const samples = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) samples[y * width + x] = level(x, y);
  return encodePngRaw({ width, height, bitDepth: 8, colourType: 0, samples });
}

function greyJpeg(width: number, height: number, level: (x: number, y: number) => number, quality: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = level(x, y);
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return new Uint8Array(encodeJpeg({ width, height, data }, quality).data);
}

const noDigitCode = (bytes: Uint8Array): string => catchInputError(() => preprocessImage(bytes, params)).code;

describe('no_digit: ink that is not a digit gets a typed answer, not a guess', () => {
  it('refuses blank and uniform images, PNG and JPEG', () => {
    expect(noDigitCode(greyPng(28, 28, () => 0))).toBe('no_digit');
    expect(noDigitCode(greyPng(28, 28, () => 255))).toBe('no_digit');
    expect(noDigitCode(greyJpeg(640, 480, () => 128, 90))).toBe('no_digit');
    // A gentle shading under the contrast threshold is still blank paper.
    expect(noDigitCode(greyPng(200, 150, (x) => 200 + Math.round((x / 200) * 20)))).toBe('no_digit');
  });

  it('refuses a speck', () => {
    const error = catchInputError(() => preprocessImage(greyPng(300, 300, (x, y) => (x >= 150 && x < 154 && y >= 100 && y < 104 ? 0 : 255)), params));
    expect(error).toMatchObject({ code: 'no_digit', message: expect.stringMatching(/4×4 speck/) });
    expect(noDigitCode(greyPng(28, 28, (x, y) => (x === 14 && y === 14 ? 255 : 0)))).toBe('no_digit');
  });

  it('refuses ink over essentially the whole image', () => {
    const framed = greyPng(100, 100, (x, y) => (x < 1 || y < 1 || x > 98 || y > 98 ? 255 : 0));
    expect(catchInputError(() => preprocessImage(framed, params)).message).toMatch(/ink covers 96% of the image/);
  });

  it('refuses noise, strong or faint, raw or through JPEG', () => {
    const noise = (amplitude: number) => () => Math.round(128 + (random() - 0.5) * amplitude);
    expect(noDigitCode(greyPng(100, 100, noise(255)))).toBe('no_digit');
    expect(noDigitCode(greyPng(28, 28, noise(255)))).toBe('no_digit');
    expect(noDigitCode(greyJpeg(640, 480, noise(255), 75))).toBe('no_digit');
    expect(noDigitCode(greyJpeg(100, 100, noise(100), 30))).toBe('no_digit');
    expect(catchInputError(() => preprocessImage(greyPng(100, 100, noise(255)), params)).message).toMatch(/noise/);
  });

  it('accepts thin one-pixel pen strokes on a large canvas (little coverage, little neighbour correlation)', () => {
    // A "7" of aliased 1-pixel lines: a bar and a diagonal.
    const seven = greyPng(300, 300, (x, y) => ((y === 60 && x >= 90 && x <= 210) || (y > 60 && y < 260 && x === 210 - Math.round((y - 60) * 0.5)) ? 0 : 255));
    expect(preprocessImage(seven, params)).toHaveLength(784);
  });

  it('accepts all 10,000 MNIST test digits, 1,000 of them as PNG, 150 as JPEG and 200 drawn large in 4 ink styles', () => {
    const refused: string[] = [];
    const tryDigit = (name: string, run: () => unknown) => {
      try {
        run();
      } catch (error) {
        refused.push(`${name}: ${(error as Error).message}`);
      }
    };
    const digits = readMnistDigits(10_000);
    digits.forEach(({ pixels }, i) => tryDigit(`raw ${i}`, () => applyMnistRecipe({ width: 28, height: 28, data: Float32Array.from(pixels) }, params)));
    digits.slice(0, 1000).forEach(({ pixels }, i) => tryDigit(`png ${i}`, () => preprocessImage(greyPng(28, 28, (x, y) => pixels[y * 28 + x]), params)));
    // jpeg-js builds its tables for every image it encodes: a few hundred keep the test short.
    digits.slice(1000, 1150).forEach(({ pixels }, i) => tryDigit(`jpeg ${i}`, () => preprocessImage(greyJpeg(28, 28, (x, y) => pixels[y * 28 + x], 50), params)));
    const styles: InkStyle[] = ['gray', 'rgb', 'rgba-transparent', 'rgba-opaque'];
    const placement = { width: 300, height: 220, left: 20, top: 30, side: 165 };
    digits.slice(2000, 2200).forEach(({ pixels }, i) => {
      const style = styles[i % styles.length];
      const { channels, data } = paintInk(renderDigit(pixels, placement), style);
      const colourType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
      tryDigit(`drawn ${i} ${style}`, () => preprocessImage(encodePngRaw({ width: 300, height: 220, bitDepth: 8, colourType, samples: data }), params));
    });
    expect(refused).toEqual([]);
  }, 60_000);

  it('is only applied to images: the recipe refuses, the JSON pixels path never runs it', () => {
    const blank = { width: 28, height: 28, data: new Float32Array(784) };
    expect(catchInputError(() => applyMnistRecipe(blank, params)).code).toBe('no_digit');
  });
});
