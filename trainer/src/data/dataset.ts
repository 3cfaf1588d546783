import type { ImagePreprocessing } from '@edgeml/shared';

/** Images already normalised for the model, in NHWC order, with integer class labels. */
export interface ImageSplit {
  /** count × height × width × channels values. */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  /** [height, width, channels]. */
  imageShape: [number, number, number];
}

export interface ImageDataset {
  name: string;
  labels: string[];
  /** The recipe the images were prepared with: the model publishes it, and the worker serves with it. */
  preprocessing: ImagePreprocessing;
  train: ImageSplit;
  validation: ImageSplit;
  test: ImageSplit;
}

/** Copies the listed examples of a split into a new split. */
export function selectExamples(split: ImageSplit, indices: ArrayLike<number>): ImageSplit {
  const size = split.imageShape[0] * split.imageShape[1] * split.imageShape[2];
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]!;
    images.set(split.images.subarray(src * size, (src + 1) * size), i * size);
    labels[i] = split.labels[src]!;
  }
  return { images, labels, count: indices.length, imageShape: split.imageShape };
}
