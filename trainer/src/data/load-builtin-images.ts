import type { ImageDataset } from './dataset.ts';
import { loadFashionMnist } from './load-fashion-mnist.ts';
import { loadMnist } from './load-mnist.ts';
import type { BuiltinImagesOptions } from './split-builtin-images.ts';

/** The built-in image datasets, by the name a run config or a training job gives. */
export type BuiltinImageDataset = 'mnist' | 'fashion-mnist';

/** A built-in image dataset, split by the rule they share (`splitBuiltinImages`). */
export function loadBuiltinImages(name: BuiltinImageDataset, options: BuiltinImagesOptions = {}): Promise<ImageDataset> {
  return name === 'fashion-mnist' ? loadFashionMnist(options) : loadMnist(options);
}
