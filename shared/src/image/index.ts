export { decodeImage, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE } from './decode-image.ts';
export type { DecodedImage, DecodeLimits } from './decode-image.ts';
export { toGray } from './to-gray.ts';
export type { GrayImage } from './to-gray.ts';
export { applyMnistRecipe } from './mnist-recipe.ts';
export { normalizePixels } from './normalize-pixels.ts';
export { preprocessImage } from './preprocess-image.ts';
