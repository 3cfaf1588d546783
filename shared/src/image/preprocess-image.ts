import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { decodeImage, type DecodeLimits } from './decode-image.ts';
import { applyMnistRecipe } from './mnist-recipe.ts';
import { normalizePixels } from './normalize-pixels.ts';
import { toGray } from './to-gray.ts';

/**
 * PNG or JPEG bytes to the model's input values: decode, grey, the MNIST recipe, then the same
 * normalisation the trainer applies. Returns size × size values, row-major.
 * Throws InputError (`invalid_image`, `payload_too_large`) as decodeImage does, `no_digit` as
 * applyMnistRecipe does.
 */
export function preprocessImage(
  bytes: Uint8Array,
  params: ImagePreprocessing,
  limits?: DecodeLimits,
): Float32Array {
  const gray = toGray(decodeImage(bytes, limits));
  return normalizePixels(applyMnistRecipe(gray, params), 1, params);
}
