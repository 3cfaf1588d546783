import { augmentationConfigSchema } from '@edgeml/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../data/shuffled-indices.ts';
import { selectBackend, tf } from '../tf.ts';
import { affineTransform } from './affine-transform.ts';
import { augmentImages } from './augment-images.ts';

beforeAll(async () => {
  // The backend training falls back to: its Transform kernel must do the job.
  await selectBackend({ backend: 'wasm' });
});

/** A 5×5 single-channel image, background -1, with one pixel set to 1 at (x, y). */
function dot(x: number, y: number): tf.Tensor4D {
  const pixels = new Float32Array(25).fill(-1);
  pixels[y * 5 + x] = 1;
  return tf.tensor4d(pixels, [1, 5, 5, 1]);
}

function brightest(image: tf.Tensor): { x: number; y: number } {
  const values = image.dataSync();
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return { x: best % 5, y: Math.floor(best / 5) };
}

function warp(image: tf.Tensor4D, params: Parameters<typeof affineTransform>[0]): tf.Tensor {
  return tf.image.transform(image, tf.tensor2d([affineTransform(params, 5, 5)]), 'bilinear', 'constant', -1);
}

describe('affineTransform', () => {
  it('is the identity with no rotation, shift or zoom', () => {
    expect(affineTransform({ rotationDegrees: 0, scale: 1, shiftX: 0, shiftY: 0 }, 28, 28)).toEqual([1, -0, 0, 0, 1, 0, 0, 0]);
  });

  it('shifts content right and down by the given pixels', () => {
    const moved = tf.tidy(() => brightest(warp(dot(1, 1), { rotationDegrees: 0, scale: 1, shiftX: 2, shiftY: 1 })));
    expect(moved).toEqual({ x: 3, y: 2 });
  });

  it('turns content counter-clockwise about the centre', () => {
    // Right of centre (3, 2) goes above it (2, 1) after a quarter turn.
    const moved = tf.tidy(() => brightest(warp(dot(3, 2), { rotationDegrees: 90, scale: 1, shiftX: 0, shiftY: 0 })));
    expect(moved).toEqual({ x: 2, y: 1 });
  });

  it('zooms about the centre', () => {
    const moved = tf.tidy(() => brightest(warp(dot(3, 2), { rotationDegrees: 0, scale: 2, shiftX: 0, shiftY: 0 })));
    expect(moved).toEqual({ x: 4, y: 2 });
  });
});

describe('augmentImages', () => {
  const batch = () => tf.tidy(() => tf.concat([dot(1, 1), dot(2, 2), dot(3, 1), dot(0, 4)]) as tf.Tensor4D);

  it('changes the images, draws a different transform for each, and fills with the background', () => {
    const images = batch();
    const out = augmentImages(images, augmentationConfigSchema.parse({ rotationDegrees: 20, shift: 0.2, zoom: 0.2 }), createRandom(1), -1);
    expect(out.shape).toEqual(images.shape);
    const original = images.dataSync();
    const augmented = out.dataSync();
    for (let i = 0; i < 4; i++) {
      const a = original.subarray(i * 25, (i + 1) * 25);
      const b = augmented.subarray(i * 25, (i + 1) * 25);
      expect(Array.from(b)).not.toEqual(Array.from(a));
    }
    expect(Math.min(...augmented)).toBeGreaterThanOrEqual(-1 - 1e-6);
    tf.dispose([images, out]);
  });

  it('is the identity when every range is 0, and repeatable from the same seed', () => {
    const images = batch();
    const same = augmentImages(images, augmentationConfigSchema.parse({ rotationDegrees: 0, shift: 0, zoom: 0 }), createRandom(1), -1);
    Array.from(same.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(images.dataSync()[i]!, 6));
    const config = augmentationConfigSchema.parse({ rotationDegrees: 10, shift: 0.1, zoom: 0.1 });
    const a = augmentImages(images, config, createRandom(7), -1);
    const b = augmentImages(images, config, createRandom(7), -1);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([images, same, a, b]);
  });
});
