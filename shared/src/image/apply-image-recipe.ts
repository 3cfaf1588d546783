import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { applyMnistRecipe } from './mnist-recipe.ts';
import { applyResizeRecipe } from './resize-recipe.ts';
import type { GrayImage } from './to-gray.ts';

/**
 * A grey image to size × size values in [0, 1] by the model's recipe: the MNIST recipe for digit
 * models (throws InputError `no_digit` as applyMnistRecipe does), the whole image fitted for others.
 */
export function applyImageRecipe(gray: GrayImage, params: ImagePreprocessing): Float32Array {
  return params.recipe === 'resize' ? applyResizeRecipe(gray, params) : applyMnistRecipe(gray, params);
}
