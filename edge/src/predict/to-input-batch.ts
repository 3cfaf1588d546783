import { imageInputDims, normalizePixels, preprocessImage, type DecodeLimits, type ModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import type { PredictInput } from './predict-input.ts';

/**
 * Largest image decoded. A digit needs far fewer pixels; the cap keeps a decoded JPEG (about 24
 * bytes a pixel while decoding) well inside a worker's 128 MB.
 */
export const DECODE_LIMITS: DecodeLimits = { maxSide: 4096, maxPixels: 2 ** 21 };

export interface InputBatch {
  /** `count` images one after another (one channel: the same values in every layout). */
  data: Float32Array;
  /** In the manifest's input layout: NHWC, NCHW or flat. */
  dims: number[];
  count: number;
}

/**
 * The model's input tensor for a request: images through the shared MNIST recipe, JSON pixels
 * through the same normalisation the trainer used. Throws InputError for a bad image or pixel.
 */
export function toInputBatch(input: PredictInput, manifest: ModelManifest): InputBatch {
  const [, height, width, channels] = manifest.input.shape;
  const { preprocessing } = manifest.input;
  if (height !== preprocessing.size || width !== preprocessing.size || channels !== 1) {
    throw new EdgeError(
      'model_unavailable',
      `model ${manifest.name}@${manifest.version} takes [${manifest.input.shape.join(', ')}] inputs, which the ${preprocessing.recipe} recipe cannot make`,
    );
  }
  const size = height * width;
  const rows =
    input.kind === 'images'
      ? input.images.map((bytes) => preprocessImage(bytes, preprocessing, DECODE_LIMITS))
      : input.instances.map((pixels, index) => {
          if (pixels.length !== size) {
            throw new EdgeError(
              'validation_failed',
              `instance ${index} has ${pixels.length} pixels; this model takes ${size} (${height}×${width})`,
              { index, expected: size, received: pixels.length },
            );
          }
          return normalizePixels(pixels, input.scale, preprocessing);
        });
  const data = new Float32Array(rows.length * size);
  rows.forEach((row, index) => data.set(row, index * size));
  return { data, dims: imageInputDims(manifest.input, rows.length), count: rows.length };
}
