import { type AugmentationConfig } from '@edgeml/shared';
import { tf } from '../tf.ts';
import { affineTransform } from './affine-transform.ts';
import { distortStrokes } from './distort-strokes.ts';

/**
 * A randomly rotated, zoomed and shifted copy of each image of an NHWC batch, bilinear, with
 * uncovered pixels set to `fillValue` (the background), after distortStrokes when the config asks
 * for stroke augmentation. Uses the Transform kernel, which the wasm, cpu and tensorflow backends
 * all have. Apply to training batches only.
 */
export function augmentImages(images: tf.Tensor4D, config: AugmentationConfig, random: () => number, fillValue: number): tf.Tensor4D {
  const [count, height, width] = images.shape;
  const uniform = (range: number) => (2 * random() - 1) * range;
  const transforms = new Float32Array(count * 8);
  for (let i = 0; i < count; i++) {
    const matrix = affineTransform(
      {
        rotationDegrees: uniform(config.rotationDegrees),
        scale: 1 + uniform(config.zoom),
        shiftX: uniform(config.shift) * width,
        shiftY: uniform(config.shift) * height,
      },
      width,
      height,
    );
    transforms.set(matrix, i * 8);
  }
  if (!(config.thickness || config.elastic || config.blur || config.noise)) {
    return tf.tidy(() => tf.image.transform(images, tf.tensor2d(transforms, [count, 8]), 'bilinear', 'constant', fillValue));
  }
  const pixels = Float32Array.from(images.dataSync());
  distortStrokes(pixels, count, width, config, random, fillValue);
  return tf.tidy(() => tf.image.transform(tf.tensor4d(pixels, images.shape), tf.tensor2d(transforms, [count, 8]), 'bilinear', 'constant', fillValue));
}
