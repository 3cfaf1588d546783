/**
 * `npm run bench:decode`: CPU milliseconds to decode and preprocess one image (decodeImage, grey,
 * the MNIST recipe with preprocessing version 2, or 1 with PREPROCESSING_VERSION=1, normalisation: what a predict does per image) for the costliest input classes,
 * at 12, 2 and 0.3 megapixels, in Node. Prints ms per image and µs per pixel; the largest µs per
 * weighted pixel times MAX_REQUEST_PIXELS (edge/src/config/read-config.ts) bounds a request's decode CPU.
 */
import { encode as encodeJpeg } from 'jpeg-js';
import { InputError, MAX_JPEG_SCANS, preprocessImage, readImageHeader, requestPixelWeight, type ImagePreprocessing } from '@edgeml/shared';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { progressiveJpeg } from '@edgeml/shared/testdata/progressive-jpeg';

// PREPROCESSING_VERSION=1 times the recipe of models published before version 2 (one background level, no search for the digit).
const version = process.env.PREPROCESSING_VERSION === '1' ? undefined : 2;
const params: ImagePreprocessing = { recipe: 'mnist', version, size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
const LIMITS = { maxSide: 8192, maxPixels: 64 * 2 ** 20 };
const SIZES: Array<[string, number, number]> = [['12 MP', 4000, 3000], ['2 MP', 1732, 1155], ['0.3 MP', 640, 480]];

/** A photo-like picture: a smooth gradient, a little noise, a dark stroke across the middle. */
function photo(width: number, height: number, channels: number, max: number): Uint16Array {
  const data = new Uint16Array(width * height * channels);
  let seed = 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const stroke = Math.abs(x - width / 2 - (y - height / 2) / 3) < width / 40;
      const level = stroke ? 0.1 : 0.6 + (0.3 * x) / width + ((seed >>> 24) - 128) / 4096;
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = c === 3 ? max : Math.round(level * max);
    }
  }
  return data;
}

type Maker = (width: number, height: number) => Promise<Uint8Array> | Uint8Array;
const sharp = await import('sharp').then((module) => module.default).catch(() => undefined);
const classes: Array<[string, Maker]> = [
  ['PNG 8-bit RGBA', (w, h) => encodePngRaw({ width: w, height: h, bitDepth: 8, colourType: 6, samples: photo(w, h, 4, 255) })],
  ['PNG 16-bit RGBA', (w, h) => encodePngRaw({ width: w, height: h, bitDepth: 16, colourType: 6, samples: photo(w, h, 4, 65535) })],
  ['PNG 8-bit RGBA Adam7', (w, h) => encodePngRaw({ width: w, height: h, bitDepth: 8, colourType: 6, samples: photo(w, h, 4, 255), interlaced: true })],
  ['JPEG baseline 4:4:4 q90', (w, h) => new Uint8Array(encodeJpeg({ width: w, height: h, data: Uint8Array.from(photo(w, h, 4, 255)) }, 90).data)],
  ['JPEG progressive q90', async (w, h) => {
    if (sharp === undefined) throw new Error('sharp is not installed');
    const raw = Buffer.from(Uint8Array.from(photo(w, h, 3, 255)));
    return new Uint8Array(await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90, progressive: true, chromaSubsampling: '4:4:4' }).toBuffer());
  }],
  [`JPEG progressive, ${MAX_JPEG_SCANS} refinement scans`, (w, h) => progressiveJpeg(w, h, MAX_JPEG_SCANS - 1)],
];

function timeOne(bytes: Uint8Array, runs: number): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    try {
      preprocessImage(bytes, params, LIMITS);
    } catch (error) {
      // The crafted many-scan JPEG is flat grey: refused as no_digit only after it was decoded, which is what is timed.
      if (!(error instanceof InputError && error.code === 'no_digit')) throw error;
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

console.log(`decode + preprocess (version ${version ?? 1}), best of 1-3 runs (Node ${process.version})\n`);
console.log(`${'class'.padEnd(38)}${SIZES.map(([name]) => `${name} ms`.padStart(12)).join('')}${'µs/px'.padStart(9)}${'weight'.padStart(8)}${'µs/weighted px'.padStart(16)}`);
let worst = { name: '', microsPerWeightedPixel: 0 };
for (const [name, make] of classes) {
  const cells: string[] = [];
  let microsPerPixel = 0;
  let weight = 1;
  try {
    timeOne(await make(64, 64), 5);
    for (const [, width, height] of SIZES) {
      const bytes = await make(width, height);
      weight = requestPixelWeight(readImageHeader(bytes));
      const ms = timeOne(bytes, width * height > 4e6 ? 1 : 3);
      microsPerPixel = Math.max(microsPerPixel, (ms * 1000) / (width * height));
      cells.push(ms.toFixed(0).padStart(12));
    }
  } catch (error) {
    console.log(`${name.padEnd(38)}skipped: ${(error as Error).message}`);
    continue;
  }
  const perWeighted = microsPerPixel / weight;
  if (perWeighted > worst.microsPerWeightedPixel) worst = { name, microsPerWeightedPixel: perWeighted };
  console.log(`${name.padEnd(38)}${cells.join('')}${microsPerPixel.toFixed(3).padStart(9)}${String(weight).padStart(8)}${perWeighted.toFixed(3).padStart(16)}`);
}
const budget = Number(process.env.MAX_REQUEST_PIXELS ?? 2 * 2 ** 20);
console.log(`\nworst: ${worst.name}, ${worst.microsPerWeightedPixel.toFixed(3)} µs a weighted pixel`);
console.log(`a request at MAX_REQUEST_PIXELS=${budget}: about ${((worst.microsPerWeightedPixel * budget) / 1000).toFixed(0)} ms of decode CPU`);
