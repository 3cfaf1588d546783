import type { ClientImageStyle } from './client-image-style.ts';
import { encodePngRaw } from './encode-png.ts';
import { readMnistDigits } from './read-mnist-digits.ts';
import { renderCanvas } from './render-canvas.ts';
import { renderPhoto } from './render-photo.ts';
import { seededRandom } from './seeded-random.ts';
import { thinDigit } from './thin-digit.ts';

export interface ClientImage {
  bytes: Uint8Array;
  /** The digit drawn; undefined for an image without one. */
  label: number | undefined;
}

export interface ClientImageSets {
  /** Phone photos of digits on paper (JPEG). */
  photos: ClientImage[];
  /** Browser-canvas drawings (PNG). */
  canvas: ClientImage[];
  /** Images without a digit: blank photos of paper, empty canvases, a uniform colour, noise. */
  blank: ClientImage[];
}

/**
 * Client-like test images, the same for the same arguments: `count` photos and `count` canvas
 * drawings of MNIST test digits `firstDigit`… (handwriting the model never trained on), and
 * `blankCount` images without a digit.
 */
export function clientImageSets(options: { seed: number; count: number; firstDigit: number; blankCount: number; style: ClientImageStyle }): ClientImageSets {
  const random = seededRandom(options.seed);
  const digits = readMnistDigits(options.count, options.firstDigit).map((digit) => ({ label: digit.label, pixels: digit.pixels, points: thinDigit(digit.pixels) }));
  const photos = digits.map(({ label, points, pixels }) => ({ label, bytes: renderPhoto({ points, pixels }, options.style.photo, random) }));
  const canvas = digits.map(({ label, points }) => ({ label, bytes: renderCanvas(points, options.style.canvas, random) }));
  const blank = Array.from({ length: options.blankCount }, (_, i) => ({ label: undefined, bytes: blankImage(i % 5, options.style, random) }));
  return { photos, canvas, blank };
}

function blankImage(kind: number, style: ClientImageStyle, random: () => number): Uint8Array {
  if (kind <= 1) return renderPhoto(undefined, style.photo, random);
  if (kind === 2) return renderCanvas([], style.canvas, random);
  const side = 64 + Math.floor(200 * random());
  const level = Math.floor(256 * random());
  const samples = Uint8Array.from({ length: side * side }, () => (kind === 3 ? level : Math.floor(256 * random())));
  return encodePngRaw({ width: side, height: side, bitDepth: 8, colourType: 0, samples });
}
