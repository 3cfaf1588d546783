import type { ImageSplit } from '../../data/dataset.ts';
import { createRandom } from '../../data/shuffled-indices.ts';

/**
 * A small, learnable image classification problem for tests: `classes` classes of 8×8 images,
 * each a bright 3×3 square at a class-specific place on noise. Seeded, so every run is the same.
 */
export function makeTinyDataset(options: { train: number; validation: number; classes?: number; seed?: number }): {
  train: ImageSplit;
  validation: ImageSplit;
  classes: number;
} {
  const classes = options.classes ?? 3;
  const random = createRandom(options.seed ?? 1);
  const split = (count: number): ImageSplit => {
    const images = new Float32Array(count * 64);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const label = i % classes;
      labels[i] = label;
      const top = 1 + ((label * 2) % 5);
      const left = 1 + ((label * 3) % 5);
      for (let p = 0; p < 64; p++) {
        const y = Math.floor(p / 8);
        const x = p % 8;
        const ink = y >= top && y < top + 3 && x >= left && x < left + 3 ? 1 : 0;
        images[i * 64 + p] = ink + (random() - 0.5) * 0.6;
      }
    }
    return { images, labels, count, imageShape: [8, 8, 1] };
  };
  return { train: split(options.train), validation: split(options.validation), classes };
}
