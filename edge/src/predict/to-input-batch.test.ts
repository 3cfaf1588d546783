import { InputError } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { testManifest } from '../testdata/test-manifest.ts';
import { pngHeaderBytes } from './testdata/png-header-bytes.ts';
import { toInputBatch } from './to-input-batch.ts';

describe('toInputBatch', () => {
  it('normalises JSON pixels with the manifest mean and std, in NHWC order', () => {
    const manifest = testManifest();
    const first = new Array<number>(784).fill(0);
    const second = new Array<number>(784).fill(255);
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
