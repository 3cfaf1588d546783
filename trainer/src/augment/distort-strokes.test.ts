import { augmentationConfigSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../data/shuffled-indices.ts';
import { distortStrokes } from './distort-strokes.ts';

const SIDE = 28;
const FILL = -0.5;

/** Two images: a 2-pixel upright stroke on the background. */
function strokes(): Float32Array {
  const images = new Float32Array(2 * SIDE * SIDE).fill(FILL);
  for (let n = 0; n < 2; n++) for (let y = 6; y < 22; y++) for (const x of [13, 14]) images[n * SIDE * SIDE + y * SIDE + x] = 2;
  return images;
}
const inkPixels = (images: Float32Array) => images.filter((v) => v > 0.5).length;

describe('distortStrokes', () => {
  it('changes nothing when every strength is 0', () => {
    const images = strokes();
    distortStrokes(images, 2, SIDE, augmentationConfigSchema.parse({}), createRandom(1), FILL);
    expect(Array.from(images)).toEqual(Array.from(strokes()));
  });

  it('thickens strokes by a pixel on each side', () => {
    const images = strokes();
    distortStrokes(images, 2, SIDE, augmentationConfigSchema.parse({ thickness: 1 }), createRandom(1), FILL);
    expect(inkPixels(images)).toBe(2 * 4 * 18);
  });

  it('moves strokes elastically, blurs and adds noise, repeatably from a seed', () => {
    const config = augmentationConfigSchema.parse({ elastic: 2, blur: 1, noise: 0.3 });
    const a = strokes();
    const b = strokes();
    distortStrokes(a, 2, SIDE, config, createRandom(7), FILL);
    distortStrokes(b, 2, SIDE, config, createRandom(7), FILL);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(strokes()));
    // Blur spreads the stroke over its neighbours: values between background and ink appear.
    expect(a.some((v) => v > FILL + 0.5 && v < 1.5)).toBe(true);
  });
});
