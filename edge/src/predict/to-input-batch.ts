import { checkPixelInk, checkRequestPixels, imageInputDims, InputError, normalizePixels, preprocessImage, type ModelManifest, type RequestPixelLimits } from '@edgeml/shared';
import { DEFAULT_CONFIG } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import type { ImageInput } from './predict-input.ts';

/** The decoding limits when the input does not carry the worker's own (wrangler.toml's MAX_IMAGE_* and MAX_REQUEST_PIXELS). */
const DEFAULT_LIMITS: RequestPixelLimits = {
  maxSide: DEFAULT_CONFIG.maxImageSide,
  maxPixels: DEFAULT_CONFIG.maxImagePixels,
  maxRequestPixels: DEFAULT_CONFIG.maxRequestPixels,
};

export interface InputBatch {
  /** `count` images one after another (one channel: the same values in every layout). */
  data: Float32Array;
  /** In the manifest's input layout: NHWC, NCHW or flat. */
  dims: number[];
  count: number;
}

/**
 * The model's input tensor for a request: images through the model's shared recipe (MNIST's, or
 * the whole image fitted), JSON pixels through the same normalisation the trainer used and, for a
 * digit model, the same check for digit-like ink. Throws
 * InputError for a bad image or pixel (`invalid_image`, `payload_too_large`, `validation_failed`,
 * `no_digit`), naming the image when there are several.
 */
export function toInputBatch(input: ImageInput, manifest: ModelManifest): InputBatch {
  const [, height, width, channels] = manifest.input.shape;
  const { preprocessing } = manifest.input;
  if (height !== preprocessing.size || width !== preprocessing.size || channels !== 1) {
    throw new EdgeError(
      'model_unavailable',
      `model ${manifest.name}@${manifest.version} takes [${manifest.input.shape.join(', ')}] inputs, which the ${preprocessing.recipe} recipe cannot make`,
    );
  }
  const size = height * width;
  const limits = input.kind === 'images' ? (input.limits ?? DEFAULT_LIMITS) : DEFAULT_LIMITS;
  // Every header weighed before the first image is decoded: a request over budget costs no decoding.
  if (input.kind === 'images') checkRequestPixels(input.images, limits);
  const rows =
    input.kind === 'images'
      ? input.images.map((bytes, index) => naming(index, input.images.length, () => preprocessImage(bytes, preprocessing, limits)))
      : input.instances.map((pixels, index) => {
          if (pixels.length !== size) {
            throw new EdgeError(
              'validation_failed',
              `instance ${index} has ${pixels.length} pixels; this model takes ${size} (${height}×${width})`,
              { index, expected: size, received: pixels.length },
            );
          }
          const normalized = normalizePixels(pixels, input.scale, preprocessing);
          // Only a digit model refuses pixels without digit-like ink; the resize recipe takes any picture.
          if (preprocessing.recipe === 'mnist') naming(index, input.instances.length, () => checkPixelInk(pixels, input.scale, width, height));
          return normalized;
        });
  const data = new Float32Array(rows.length * size);
  rows.forEach((row, index) => data.set(row, index * size));
  return { data, dims: imageInputDims(manifest.input, rows.length), count: rows.length };
}

/** Runs `step` for input `index` of `count`; an InputError it throws names the input when there are several. */
function naming<T>(index: number, count: number, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof InputError) || count === 1) throw error;
    throw new InputError(error.code, `image ${index}: ${error.message}`, { index, ...(error.details as object | undefined) });
  }
}
