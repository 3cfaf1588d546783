import { makeZip } from '@edgeml/shared/datasets/testdata/make-archive';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { readMnistDigits, type MnistDigit } from '@edgeml/shared/testdata/read-mnist-digits';

export const DIGIT_FOLDERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** A white 40 × 40 PNG with an MNIST digit's ink dark on it, as a photo or drawing would come. */
export function digitPhoto(pixels: Uint8Array): Uint8Array {
  const samples = new Array<number>(40 * 40).fill(255);
  pixels.forEach((value, i) => (samples[(6 + Math.floor(i / 28)) * 40 + 6 + (i % 28)] = 255 - value));
  return encodePngRaw({ width: 40, height: 40, bitDepth: 8, colourType: 0, samples });
}

/** The first `count` MNIST test digits with a label under `maxLabel`, as `digits/<label word>/<i>.png` files. */
export function digitPhotoFiles(count: number, maxLabel = 9): { digits: MnistDigit[]; files: Record<string, Uint8Array> } {
  const digits = readMnistDigits(count).filter((digit) => digit.label <= maxLabel);
  return { digits, files: Object.fromEntries(digits.map((digit, i) => [`digits/${DIGIT_FOLDERS[digit.label]}/${i}.png`, digitPhoto(digit.pixels)])) };
}

export { makeZip };
