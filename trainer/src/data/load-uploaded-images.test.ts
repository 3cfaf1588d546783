import { normalizePixels, preprocessImage } from '@edgeml/shared';
import { makeIdx } from '@edgeml/shared/datasets/testdata/make-archive';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { describe, expect, it } from 'vitest';
import { MNIST_PREPROCESSING } from './load-mnist.ts';
import { loadUploadedImages } from './load-uploaded-images.ts';
import { digitPhotoFiles, makeZip } from './testdata/digit-photos-zip.ts';

// Real MNIST digits 0, 1 and 2 as photos would come: dark ink on white.
const { digits, files } = digitPhotoFiles(200, 2);
files['digits/one/blank.png'] = encodePngRaw({ width: 40, height: 40, bitDepth: 8, colourType: 0, samples: new Array(1600).fill(255) });
files['digits/readme.txt'] = new TextEncoder().encode('not an image');
const zip = makeZip(files);
const labels = ['zero', 'one', 'two'];
const load = (seed: number) => loadUploadedImages({ name: 'ds-digits', format: 'zip', bytes: zip, labels, preprocessing: MNIST_PREPROCESSING, seed });
const counts = (classes: Uint8Array) => labels.map((_, label) => classes.filter((c) => c === label).length);

describe('loadUploadedImages', () => {
  it('preprocesses each image as the worker serves it, leaving out what has no digit, split stratified by seed', () => {
    const data = load(7);
    const perLabel = labels.map((_, label) => digits.filter((digit) => digit.label === label).length);
    expect(data.skipped).toBe(2);
    expect(data.labels).toEqual(labels);
    expect(data.train.imageShape).toEqual([28, 28, 1]);
    const held = perLabel.map((n) => Math.max(1, Math.round(n / 6)));
    expect(counts(data.test.labels)).toEqual(held);
    expect(counts(data.validation.labels)).toEqual(held);
    expect(counts(data.train.labels)).toEqual(perLabel.map((n, i) => n - 2 * held[i]!));
    // Every split's image is one of the served inputs of its label's PNGs.
    const served = new Map(Object.entries(files).filter(([entry]) => entry.endsWith('.png') && !entry.includes('blank')).map(([entry, bytes]) => [preprocessImage(bytes, MNIST_PREPROCESSING).join(), entry.split('/')[1]]));
    const first = data.test.images.subarray(0, 28 * 28).join();
    expect(served.get(first)).toBe(labels[data.test.labels[0]!]);
  });

  it('is the same split for the same seed and another for another seed', () => {
    expect(load(7).test.images).toEqual(load(7).test.images);
    expect(load(8).test.images).not.toEqual(load(7).test.images);
  });

  it('takes 28 × 28 IDX digits as prepared, as MNIST itself', () => {
    const few = digits.slice(0, 30);
    const idx = makeIdx([few.length, 28, 28], few.flatMap((digit) => [...digit.pixels]));
    const idxLabels = makeIdx([few.length], few.map((digit) => digit.label));
    // An IDX upload is one archive of the image and label files.
    const data = loadUploadedImages({ name: 'ds-idx', format: 'idx', bytes: makeZip({ 'train-images-idx3-ubyte': idx, 'train-labels-idx1-ubyte': idxLabels }), labels: ['0', '1', '2'], preprocessing: MNIST_PREPROCESSING, seed: 1 });
    expect(data.train.count + data.validation.count + data.test.count).toBe(few.length);
    const all = few.map((digit) => normalizePixels(digit.pixels, 255, MNIST_PREPROCESSING).join());
    expect(all).toContain(data.train.images.subarray(0, 28 * 28).join());
  });
});
