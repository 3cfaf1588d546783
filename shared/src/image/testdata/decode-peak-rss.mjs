// Run by measure-decode-peak.mjs as a child process (node --import tsx): decodes the image files
// named on the command line and prints how much the peak RSS grew (MiB) over a warmed-up baseline,
// with each file's outcome. Plain JavaScript for the reason read-mnist-file.mjs gives.
import { readFileSync } from 'node:fs';
import { decodeImage } from '../decode-image.ts';
import { encodePngRaw } from './encode-png.ts';

const warmUp = encodePngRaw({ width: 64, height: 64, bitDepth: 8, colourType: 0, samples: new Uint8Array(64 * 64) });
for (let i = 0; i < 20; i++) decodeImage(warmUp);
const files = process.argv.slice(2).map((path) => new Uint8Array(readFileSync(path)));
const baseline = process.resourceUsage().maxRSS;
const outcomes = files.map((bytes) => {
  const started = performance.now();
  try {
    decodeImage(bytes);
    return { code: 'decoded', ms: performance.now() - started };
  } catch (error) {
    return { code: error?.code ?? String(error), ms: performance.now() - started };
  }
});
process.stdout.write(JSON.stringify({ growthMiB: (process.resourceUsage().maxRSS - baseline) / 1024, outcomes }));
