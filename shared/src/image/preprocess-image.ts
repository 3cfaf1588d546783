import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { decodeImage, type DecodeLimits } from './decode-image.ts';
import { applyImageRecipe } from './apply-image-recipe.ts';
import { normalizePixels } from './normalize-pixels.ts';
import { toGray } from './to-gray.ts';

/**
 * PNG or JPEG bytes to the model's input values: decode, grey, the model's recipe (the MNIST
 * recipe, or the whole image fitted), then the same normalisation the trainer applies. Returns
 * size × size values, row-major. Throws InputError (`invalid_image`, `payload_too_large`) as
 * decodeImage does, `no_digit` as applyMnistRecipe does.
 */
export function preprocessImage(
  bytes: Uint8Array,
  params: ImagePreprocessing,
  limits?: DecodeLimits,
): Float32Array {
  const gray = toGray(decodeImage(bytes, limits));
  return normalizePixels(applyImageRecipe(gray, params), 1, params);
}
