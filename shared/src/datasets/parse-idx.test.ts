import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseIdx } from './parse-idx.ts';
import { makeIdx, makeTar } from './testdata/make-tar.ts';

const images = makeIdx([3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
const labels = makeIdx([3], [7, 0, 7]);

describe('parseIdx', () => {
  it('pairs each image of the idx3 file with its label from the idx1 file', () => {
    for (const archive of [zipSync({ 'train-images-idx3-ubyte': images, 'train-labels-idx1-ubyte': labels }), makeTar({ 'x/train-images-idx3-ubyte': images, 'x/train-labels-idx1-ubyte': labels })]) {
      const rows = [...parseIdx(archive)].map((item) => ('row' in item ? item.row : undefined));
      expect(rows.map((row) => row?.label)).toEqual(['7', '0', '7']);
      expect(rows[1]?.image).toEqual({ kind: 'pixels', width: 2, height: 2, pixels: new Uint8Array([4, 5, 6, 7]) });
    }
  });

  it('refuses a missing file and files that disagree on the count', () => {
    expect(() => [...parseIdx(zipSync({ 'train-images-idx3-ubyte': images }))]).toThrow(/exactly one file ending in idx1-ubyte; this one has 0/);
    const twoLabels = makeIdx([2], [1, 2]);
    expect(() => [...parseIdx(zipSync({ 'i-idx3-ubyte': images, 'l-idx1-ubyte': twoLabels }))]).toThrow(/one label for each of the 3 images/);
    expect(() => [...parseIdx(zipSync({ 'i-idx3-ubyte': images.subarray(0, 20), 'l-idx1-ubyte': labels }))]).toThrow(/20 bytes where 3 images of 2×2 take 28/);
  });
});
