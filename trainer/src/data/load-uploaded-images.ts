import { applyImageRecipe, InputError, normalizePixels, parseDataset, preprocessImage, type ImagePreprocessing, type ImageRow } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ImageDataset, ImageSplit } from './dataset.ts';
import { shuffledIndices } from './shuffled-indices.ts';

export interface LoadUploadedImagesOptions {
  name: string;
  format: 'zip' | 'tar' | 'idx';
  bytes: Uint8Array;
  /** The dataset summary's labels: their order is the model's class order. */
  labels: string[];
  /** The recipe the model publishes and the worker serves with, so training sees what serving sees. */
  preprocessing: ImagePreprocessing;
  seed: number;
  /** Share of each label's images held out for validation, and again for test (default 1/6 each). */
  validationFraction?: number;
  trainLimit?: number;
  testLimit?: number;
}

/**
 * An uploaded image dataset (label folders of PNG/JPEG, or IDX) read as the worker read it when it
 * was uploaded, each image preprocessed as the worker serves (decode, grey, the recipe, normalise);
 * images the recipe refuses (the MNIST recipe: no digit-like ink) are left out and counted. Split by seed, stratified:
 * every label gives its share to validation and test.
 */
export function loadUploadedImages(options: LoadUploadedImagesOptions): ImageDataset & { skipped: number } {
  const { preprocessing: recipe, labels } = options;
  const size = recipe.size * recipe.size;
  const byLabel = labels.map(() => [] as Float32Array[]);
  let skipped = 0;
  for (const item of parseDataset(options.format, options.bytes)) {
    const index = 'row' in item ? labels.indexOf(item.row.label) : -1;
    const pixels = index >= 0 && 'row' in item ? preprocess(item.row, recipe) : undefined;
    if (pixels) byLabel[index]!.push(pixels);
    else skipped++;
  }
  const fraction = options.validationFraction ?? 1 / 6;
  const parts: Record<'train' | 'validation' | 'test', Array<{ label: number; pixels: Float32Array }>> = { train: [], validation: [], test: [] };
  byLabel.forEach((images, label) => {
    const held = images.length >= 3 ? Math.max(1, Math.round(images.length * fraction)) : 0;
    shuffledIndices(images.length, options.seed + label).forEach((i, rank) => {
      const part = rank < held ? 'test' : rank < 2 * held ? 'validation' : 'train';
      parts[part].push({ label, pixels: images[i]! });
    });
  });
  if (parts.train.length === 0 || parts.test.length === 0) throw new TrainerError('invalid_argument', `dataset ${options.name} has too few usable images to split (${parts.train.length} train, ${parts.test.length} test)`);
  const split = (examples: Array<{ label: number; pixels: Float32Array }>, limit = Infinity, seed = options.seed): ImageSplit => {
    const order = shuffledIndices(examples.length, seed).subarray(0, Math.min(examples.length, limit));
    const images = new Float32Array(order.length * size);
    const classes = new Uint8Array(order.length);
    order.forEach((from, to) => {
      images.set(examples[from]!.pixels, to * size);
      classes[to] = examples[from]!.label;
    });
    return { images, labels: classes, count: order.length, imageShape: [recipe.size, recipe.size, 1] };
  };
  return {
    name: options.name,
    labels,
    preprocessing: recipe,
    train: split(parts.train, options.trainLimit),
    validation: split(parts.validation),
    test: split(parts.test, options.testLimit),
    skipped,
  };
}

/** One image as the model's input, or undefined when the recipe refuses it (no digit-like ink). */
function preprocess(row: ImageRow, recipe: ImagePreprocessing): Float32Array | undefined {
  try {
    if (row.image.kind === 'encoded') return preprocessImage(row.image.bytes, recipe);
    const { width, height, pixels } = row.image;
    // IDX at the model's size is taken as already prepared (as MNIST's own IDX files are).
    if (width === recipe.size && height === recipe.size) return normalizePixels(pixels, 255, recipe);
    return normalizePixels(applyImageRecipe({ width, height, data: Float32Array.from(pixels) }, recipe), 1, recipe);
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}
