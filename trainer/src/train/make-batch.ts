import type { ImageSplit } from '../data/dataset.ts';
import { createRandom, shuffledIndices } from '../data/shuffled-indices.ts';
import { tf } from '../tf.ts';

/** The examples of a split at `indices` as an NHWC batch and one-hot labels; the caller disposes them. */
export function makeBatch(split: ImageSplit, indices: ArrayLike<number>, classes: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const size = split.imageShape[0] * split.imageShape[1] * split.imageShape[2];
  const n = indices.length;
  const images = new Float32Array(n * size);
  const oneHot = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const src = indices[i]!;
    images.set(split.images.subarray(src * size, (src + 1) * size), i * size);
    oneHot[i * classes + split.labels[src]!] = 1;
  }
  return { x: tf.tensor4d(images, [n, ...split.imageShape]), y: tf.tensor2d(oneHot, [n, classes]) };
}

/**
 * The seed of everything random in a 0-based epoch (shuffle order, augmentation) derived from the
 * run's seed alone, so a resumed run draws what an uninterrupted one would have.
 */
export function epochRandom(seed: number, epoch: number, stream: 'order' | 'augment'): () => number {
  const mixed = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(epoch + 1, 0xc2b2ae35) + (stream === 'order' ? 0 : 0x27d4eb2f);
  return createRandom(mixed >>> 0);
}

/** The order examples are visited in during a 0-based epoch. */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const random = epochRandom(seed, epoch, 'order');
  return shuffledIndices(count, Math.floor(random() * 2 ** 32));
}
