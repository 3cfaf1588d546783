import { readMnistFile } from './read-mnist-file.mjs';

export const MNIST_SIDE = 28;
const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;

export interface MnistDigit {
  /** 28 × 28 bytes, row-major, light ink on black. */
  pixels: Uint8Array;
  label: number;
}

/** `count` real digits of the MNIST test set from index `start`, read from the raw IDX files. */
export function readMnistDigits(count: number, start = 0): MnistDigit[] {
  const images = readMnistFile('t10k-images-idx3-ubyte');
  const labels = readMnistFile('t10k-labels-idx1-ubyte');
  const digitBytes = MNIST_SIDE * MNIST_SIDE;
  if (images.length < IMAGES_HEADER_BYTES + (start + count) * digitBytes) {
    throw new RangeError(`the MNIST test set has fewer than ${start + count} digits`);
  }
  return Array.from({ length: count }, (_, i) => {
    const offset = IMAGES_HEADER_BYTES + (start + i) * digitBytes;
    return { pixels: images.slice(offset, offset + digitBytes), label: labels[LABELS_HEADER_BYTES + start + i] };
  });
}
