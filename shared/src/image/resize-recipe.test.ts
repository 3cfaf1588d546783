import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import type { ResizePreprocessing } from '../schemas/manifest.ts';
import { preprocessImage } from './preprocess-image.ts';
import { applyResizeRecipe } from './resize-recipe.ts';
import type { GrayImage } from './to-gray.ts';

const params: ResizePreprocessing = { recipe: 'resize', size: 4, invert: 'auto', mean: 0.5, std: 0.25 };

/** `rows` of grey levels as an image. */
const image = (rows: number[][]): GrayImage => ({ width: rows[0]!.length, height: rows.length, data: Float32Array.from(rows.flat()) });
const rounded = (values: Float32Array) => Array.from(values, (v) => Math.round(v * 1000) / 1000);
/** A picture on black, of the input's size. */
const dark = [
  [0, 0, 0, 0],
  [0, 255, 51, 0],
  [0, 102, 255, 0],
  [0, 0, 0, 0],
];

describe('applyResizeRecipe', () => {
  it('takes an image of the input size on a dark background as it is, scaled to [0, 1]', () => {
    expect(rounded(applyResizeRecipe(image(dark), params))).toEqual(dark.flat().map((v) => v / 255));
  });

  it('inverts a light-bordered picture (auto, always) and leaves it with never', () => {
    const light = dark.map((row) => row.map((v) => 255 - v));
    expect(rounded(applyResizeRecipe(image(light), params))).toEqual(dark.flat().map((v) => v / 255));
    expect(rounded(applyResizeRecipe(image(dark), { ...params, invert: 'always' }))).toEqual(light.flat().map((v) => v / 255));
    expect(rounded(applyResizeRecipe(image(light), { ...params, invert: 'never' }))).toEqual(light.flat().map((v) => v / 255));
  });

  it('fits the whole image keeping its aspect ratio, centred on black, never refusing one', () => {
    // 8 × 4 of full white on black: shrunk by area to 4 × 2, placed on rows 1 and 2.
    const wide = image([
      [0, 0, 255, 255, 255, 255, 0, 0],
      [0, 0, 255, 255, 255, 255, 0, 0],
      [0, 0, 255, 255, 255, 255, 0, 0],
      [0, 0, 255, 255, 255, 255, 0, 0],
    ]);
    expect(rounded(applyResizeRecipe(wide, params))).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    // A blank image is an input like any other: no digit is looked for.
    expect(rounded(applyResizeRecipe(image([[9, 9], [9, 9]]), params))).toEqual(new Array(16).fill(Math.round((9 / 255) * 1000) / 1000));
  });
});

describe('preprocessImage with the resize recipe', () => {
  it('decodes, fits and normalises a PNG, where the MNIST recipe would look for a digit', () => {
    const png = encodePng({ width: 4, height: 4, channels: 1, data: Uint8Array.from(dark.flat()) });
    expect(rounded(preprocessImage(png, params))).toEqual(rounded(Float32Array.from(dark.flat(), (v) => (v / 255 - 0.5) / 0.25)));
  });
});
