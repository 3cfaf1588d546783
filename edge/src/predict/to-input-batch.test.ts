import { applyMnistRecipe, InputError, normalizePixels } from '@edgeml/shared';
import { catchInputError } from '@edgeml/shared/testdata/catch-input-error';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { apiExamples } from '../openapi/api-examples.ts';
import { testManifest } from '../testdata/test-manifest.ts';
import { pngHeaderBytes } from './testdata/png-header-bytes.ts';
import { toInputBatch } from './to-input-batch.ts';

/** A 200 × 150 sheet lit from the right (its left half at 45% of the light) with a dark bar of ink on the bright side. */
function unevenSheetPng(): { png: Uint8Array; gray: { width: number; height: number; data: Float32Array } } {
  const [width, height] = [200, 150];
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const light = x < width / 2 ? 0.45 : 0.45 + (0.55 * (x - width / 2)) / (width / 2);
      const ink = x >= 140 && x < 146 && y >= 40 && y < 110;
      data[y * width + x] = Math.round((ink ? 25 : 235) * light);
    }
  }
  return { png: encodePngRaw({ width, height, bitDepth: 8, colourType: 0, samples: data }), gray: { width, height, data } };
}

/** JSON pixels of a "1": an upright bar. */
const ONE = apiExamples.pixelsRequest.pixels;

describe('toInputBatch', () => {
  it('serves each model with the preprocessing version it was trained with: none (published before versions) is version 1', () => {
    const { png, gray } = unevenSheetPng();
    const legacy = testManifest();
    const v1 = legacy.input.preprocessing;
    // The test manifest is a digit model's (the MNIST recipe); narrowed for the recipe's parameters.
    if (v1.recipe !== 'mnist') throw new Error('testManifest() is not a digit model');
    expect(v1.version).toBeUndefined();
    const v2 = { ...v1, version: 2 as const };
    const current = testManifest({ input: { ...legacy.input, preprocessing: v2 } });
    const asLegacy = toInputBatch({ kind: 'images', images: [png] }, legacy).data;
    const asCurrent = toInputBatch({ kind: 'images', images: [png] }, current).data;
    expect(Array.from(asLegacy)).toEqual(Array.from(normalizePixels(applyMnistRecipe(gray, v1), 1, v1)));
    expect(Array.from(asCurrent)).toEqual(Array.from(normalizePixels(applyMnistRecipe(gray, v2), 1, v2)));
    // Version 1 takes the dark half of the sheet for ink; version 2 finds the bar alone, a narrow upright stroke.
    const inkColumns = (values: Float32Array) => new Set(Array.from(values.keys()).filter((i) => values[i]! > 0).map((i) => i % 28)).size;
    expect(inkColumns(asCurrent)).toBeLessThan(8);
    expect(inkColumns(asLegacy)).toBeGreaterThan(10);
  });


  it('normalises JSON pixels with the manifest mean and std, in NHWC order', () => {
    const manifest = testManifest();
    // The second also has its first pixel at full ink.
    const first = ONE;
    const second = ONE.map((v, i) => (i === 0 ? 255 : v));
    const batch = toInputBatch({ kind: 'pixels', instances: [first, second], scale: 255 }, manifest);
    expect(batch.dims).toEqual([2, 28, 28, 1]);
    expect(batch.count).toBe(2);
    expect(batch.data[0]).toBeCloseTo((0 - 0.1307) / 0.3081, 5);
    expect(batch.data[784]).toBeCloseTo((1 - 0.1307) / 0.3081, 5);
  });

  it('shapes the same values as the manifest layout says: NCHW or flat for models made elsewhere', () => {
    const manifest = testManifest();
    const pixels = Array.from({ length: 784 }, (_, i) => i % 256);
    const nhwc = toInputBatch({ kind: 'pixels', instances: [pixels], scale: 255 }, manifest);
    for (const [layout, dims] of [['nchw', [1, 1, 28, 28]], ['flat', [1, 784]]] as const) {
      const batch = toInputBatch({ kind: 'pixels', instances: [pixels], scale: 255 }, { ...manifest, input: { ...manifest.input, layout } });
      expect(batch.dims).toEqual(dims);
      expect(batch.data).toEqual(nhwc.data);
    }
  });

  it('answers no_digit for JSON pixels without a digit (all zero, any uniform level), naming the instance in a batch', () => {
    for (const level of [0, 128, 255]) {
      const error = catchInputError(() => toInputBatch({ kind: 'pixels', instances: [new Array<number>(784).fill(level)], scale: 255 }, testManifest()));
      expect(error.code).toBe('no_digit');
    }
    const error = catchInputError(() => toInputBatch({ kind: 'pixels', instances: [ONE, new Array<number>(784).fill(0)], scale: 255 }, testManifest()));
    expect(error).toMatchObject({ code: 'no_digit', details: { index: 1 } });
    expect(error.message).toMatch(/^image 1: /);
  });

  it('takes any JSON pixels and image for a model of the resize recipe: it looks for no digit', () => {
    const manifest = testManifest({ input: { ...testManifest().input, preprocessing: { recipe: 'resize', size: 28, invert: 'auto', mean: 0.286, std: 0.353 } } });
    const blank = toInputBatch({ kind: 'pixels', instances: [new Array<number>(784).fill(0)], scale: 255 }, manifest);
    expect(blank.data[0]).toBeCloseTo(-0.286 / 0.353, 5);
    const png = encodePngRaw({ width: 56, height: 56, bitDepth: 8, colourType: 0, samples: new Array<number>(56 * 56).fill(0) });
    expect(Array.from(toInputBatch({ kind: 'images', images: [png] }, manifest).data)).toEqual(Array.from(blank.data));
  });

  it('refuses a row with the wrong number of pixels', () => {
    const error = (() => {
      try {
        toInputBatch({ kind: 'pixels', instances: [new Array<number>(783).fill(0)], scale: 255 }, testManifest());
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EdgeError);
    expect((error as EdgeError).code).toBe('validation_failed');
    expect((error as EdgeError).details).toEqual({ index: 0, expected: 784, received: 783 });
  });

  it('refuses pixels outside the scale', () => {
    const pixels = new Array<number>(784).fill(0);
    pixels[5] = 2;
    expect(() => toInputBatch({ kind: 'pixels', instances: [pixels], scale: 1 }, testManifest())).toThrow(InputError);
  });

  it('refuses bytes that are not an image', () => {
    const notImage = new TextEncoder().encode('hello, I am text');
    expect(() => toInputBatch({ kind: 'images', images: [notImage] }, testManifest())).toThrow(InputError);
  });

  it('weighs every image from its header before decoding the first', () => {
    // The first image would fail decoding (no data); the refusal for the whole batch comes first.
    const images = [pngHeaderBytes(28, 28), pngHeaderBytes(1000, 1000), pngHeaderBytes(1000, 1000)];
    const limits = { maxSide: 4096, maxPixels: 2 ** 21, maxRequestPixels: 2_000_000 };
    const error = (() => {
      try {
        toInputBatch({ kind: 'images', images, limits }, testManifest());
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'payload_too_large', details: { requestPixels: 2_000_784 } });
    expect(() => toInputBatch({ kind: 'images', images: images.slice(0, 2), limits }, testManifest())).toThrow(/image 0: corrupt PNG/);
  });
});
