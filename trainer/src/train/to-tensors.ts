import type { ImageSplit } from '../data/dataset.ts';
import { tf } from '../tf.ts';

/** NHWC images and one-hot labels as tensors; the caller disposes them. */
export function toTensors(split: ImageSplit, classes: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => ({
    x: tf.tensor4d(split.images, [split.count, ...split.imageShape]),
    y: tf.oneHot(tf.tensor1d(split.labels, 'int32'), classes).toFloat() as tf.Tensor2D,
  }));
}
