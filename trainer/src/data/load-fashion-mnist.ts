import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BUILTIN_DATASETS, normalizePixels, type ResizePreprocessing } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ImageDataset, ImageSplit } from './dataset.ts';
import { readClothesJson } from './read-clothes-json.ts';
import { splitBuiltinImages, type BuiltinImagesOptions } from './split-builtin-images.ts';

/**
 * Clothes are not digits: the whole 28 × 28 picture is the input (no digit finding), normalised by
 * Fashion-MNIST's training mean and standard deviation.
 */
export const FASHION_MNIST_PREPROCESSING: ResizePreprocessing = { recipe: 'resize', size: 28, invert: 'auto', mean: 0.286, std: 0.353 };

const SIDE = 28;
/** Test images per class: Fashion-MNIST's own test set has 1,000 of each. */
const TEST_PER_CLASS = 1000;

export interface LoadFashionMnistOptions extends BuiltinImagesOptions {
  /** Folder holding the class files `0.json` … `9.json`; defaults to the `fashion-mnist` package's. */
  dataDir?: string;
}

/**
 * Loads Fashion-MNIST from the `fashion-mnist` package, which keeps each class's 7,000 images in one
 * file without Fashion-MNIST's train/test split: the last 1,000 of each class are the test images.
 * Both parts interleave the classes (one image of each in turn), so a test limit keeps them
 * balanced; then the built-in split rule applies, as for MNIST.
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions = {}): Promise<ImageDataset> {
  const dataDir = options.dataDir ?? fashionDataDir();
  const labels = [...BUILTIN_DATASETS['fashion-mnist'].labels];
  const classes = await Promise.all(
    labels.map(async (_, label) => {
      const file = path.join(dataDir, `${label}.json`);
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new TrainerError('not_found', `cannot read ${file}: ${(error as Error).message}`);
      });
      const read = readClothesJson(bytes, SIDE, file);
      if (read.count <= TEST_PER_CLASS) throw new TrainerError('invalid_argument', `${file} has ${read.count} images: fewer than the ${TEST_PER_CLASS} test images of a class`);
      return read;
    }),
  );
  const trainAll = interleave(classes.map(({ pixels, count }) => ({ pixels, start: 0, end: count - TEST_PER_CLASS })));
  const test = interleave(classes.map(({ pixels, count }) => ({ pixels, start: count - TEST_PER_CLASS, end: count })), options.testLimit);
  return { name: 'fashion-mnist', labels, preprocessing: FASHION_MNIST_PREPROCESSING, ...splitBuiltinImages(trainAll, test, options) };
}

/** Each class's images [start, end), one of each class in turn, normalised; at most `limit`. */
function interleave(classes: { pixels: Uint8Array; start: number; end: number }[], limit = Infinity): ImageSplit {
  const size = SIDE * SIDE;
  const picked: { label: number; index: number }[] = [];
  const longest = Math.max(...classes.map(({ start, end }) => end - start));
  for (let i = 0; i < longest; i++) {
    classes.forEach(({ start, end }, label) => {
      if (start + i < end && picked.length < limit) picked.push({ label, index: start + i });
    });
  }
  const bytes = new Uint8Array(picked.length * size);
  const labels = new Uint8Array(picked.length);
  picked.forEach(({ label, index }, n) => {
    bytes.set(classes[label]!.pixels.subarray(index * size, (index + 1) * size), n * size);
    labels[n] = label;
  });
  return { images: normalizePixels(bytes, 255, FASHION_MNIST_PREPROCESSING), labels, count: picked.length, imageShape: [SIDE, SIDE, 1] };
}

function fashionDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
}
