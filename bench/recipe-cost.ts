/**
 * `npm run bench:recipe`: CPU milliseconds of the MNIST recipe alone (after decoding) per image at
 * 12, 2 and 0.3 megapixels, preprocessing version 1 against version 2, interleaved so both see the
 * same machine load. The photo is paper lit unevenly with a digit-sized dark stroke; add decode
 * cost from `npm run bench:decode`.
 */
import { applyMnistRecipe, type GrayImage, type ImagePreprocessing } from '@edgeml/shared';

const V1: ImagePreprocessing = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
const V2: ImagePreprocessing = { ...V1, version: 2 };
const SIZES: Array<[string, number, number]> = [['12 MP', 4000, 3000], ['2 MP', 1732, 1155], ['0.3 MP', 640, 480]];

function photo(width: number, height: number): GrayImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const stroke = Math.abs(x - width / 2) < width / 200 && Math.abs(y - height / 2) < height / 8;
      data[y * width + x] = (stroke ? 30 : 230) * (0.5 + (0.5 * x) / width);
    }
  }
  return { width, height, data };
}

function best(run: () => void, runs: number): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

console.log(`MNIST recipe only, best of 3 runs (Node ${process.version})\n${'size'.padEnd(10)}${'v1 ms'.padStart(10)}${'v2 ms'.padStart(10)}`);
for (const [name, width, height] of SIZES) {
  const gray = photo(width, height);
  const [v1, v2] = [V1, V2].map((params) => best(() => applyMnistRecipe(gray, params), 3));
  console.log(`${name.padEnd(10)}${v1!.toFixed(0).padStart(10)}${v2!.toFixed(0).padStart(10)}`);
}
