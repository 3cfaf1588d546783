import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { concat, encodePngRaw, type RawPng } from './testdata/encode-png.ts';
import { measureDecodePeak } from './testdata/measure-decode-peak.mjs';
import { pngChunk, pngWithHeader } from './testdata/png-chunks.ts';
import { seededRandom } from './testdata/seeded-random.ts';

const random = seededRandom(7);
const SAMPLES = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

function randomSamples(count: number, bitDepth: number): number[] {
  return Array.from({ length: count }, () => Math.floor(random() * 2 ** bitDepth));
}

/** A PNG whose header says width×height 8-bit grey and whose IDAT inflates to `inflatedBytes` zeros. */
function bomb(width: number, height: number, inflatedBytes: number): Uint8Array {
  const valid = pngWithHeader(width, height);
  const idat = pngChunk('IDAT', zlibSync(new Uint8Array(inflatedBytes), { level: 9 }));
  // pngWithHeader ends with an empty IDAT (12 bytes) and IEND (12 bytes): replace the IDAT.
  return concat([valid.subarray(0, valid.length - 24), idat, valid.subarray(valid.length - 12)]);
}

describe('decodePng through decodeImage', () => {
  const cases: Array<[RawPng['colourType'], RawPng['bitDepth']]> = [
    [0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [2, 8], [2, 16], [3, 1], [3, 2], [3, 4], [3, 8], [4, 8], [4, 16], [6, 8], [6, 16],
  ];
  it.each(cases.flatMap(([type, depth]) => [[type, depth, false], [type, depth, true]] as const))(
    'colour type %i, %i-bit, interlaced %s: every filter, every pass, samples reduced to 8 bits',
    (colourType, bitDepth, interlaced) => {
      for (const [width, height] of [[13, 11], [1, 1], [3, 2], [9, 17]]) {
        const perPixel = SAMPLES[colourType];
        const samples = randomSamples(width * height * perPixel, bitDepth);
        const palette = colourType === 3 ? Uint8Array.from(randomSamples(3 * 2 ** bitDepth, 8)) : undefined;
        const chunks = palette ? [pngChunk('PLTE', palette)] : [];
        const decoded = decodeImage(encodePngRaw({ width, height, bitDepth, colourType, samples, interlaced, chunks }));
        const max = 2 ** bitDepth - 1;
        const expected = palette
          ? samples.flatMap((index) => Array.from(palette.subarray(index * 3, index * 3 + 3)))
          : samples.map((sample) => Math.round((sample * 255) / max));
        expect(decoded).toEqual({ width, height, channels: palette ? 3 : perPixel, data: Uint8Array.from(expected) });
      }
    },
  );

  it('gives palette entries the alpha of tRNS, opaque past its end', () => {
    const plte = pngChunk('PLTE', Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90]));
    const trns = pngChunk('tRNS', Uint8Array.from([0, 128]));
    const png = encodePngRaw({ width: 3, height: 1, bitDepth: 2, colourType: 3, samples: [2, 1, 0], interlaced: true, chunks: [plte, trns] });
    expect(Array.from(decodeImage(png).data)).toEqual([70, 80, 90, 255, 40, 50, 60, 128, 10, 20, 30, 0]);
  });

  it('compares a 16-bit colour key on all 16 bits', () => {
    const trns = pngChunk('tRNS', Uint8Array.from([0x12, 0x34]));
    const png = encodePngRaw({ width: 3, height: 1, bitDepth: 16, colourType: 0, samples: [0x1234, 0x1235, 0x1234], chunks: [trns] });
    const decoded = decodeImage(png);
    expect(decoded.channels).toBe(2);
    expect(Array.from(decoded.data)).toEqual([18, 0, 18, 255, 18, 0]);
  });

  it('refuses image data longer or shorter than the header implies, and unknown filters', () => {
    // 4×4 grey: 4 rows of 1 + 4 bytes = 20 bytes.
    for (const inflated of [19, 21, 4096]) {
      const error = catchInputError(() => decodeImage(bomb(4, 4, inflated)));
      expect(error.code).toBe('invalid_image');
      expect(error.message).toMatch(inflated > 20 ? /inflates past the 20 bytes/ : /truncated PNG: 19 of the 20/);
    }
    const badFilter = pngChunk('IDAT', zlibSync(Uint8Array.from([5, 0, 0, 0, 0, ...new Array<number>(15).fill(0)])));
    const valid = pngWithHeader(4, 4);
    const png = concat([valid.subarray(0, valid.length - 24), badFilter, valid.subarray(valid.length - 12)]);
    expect(catchInputError(() => decodeImage(png)).message).toMatch(/filter type 5/);
  });

  it('inflates a short stream (up to 512 bytes, one IDAT) in one call as a split one, and refuses it as a long one', () => {
    // 16×16 grey: 16 rows of a filter byte (0, none) and 16 samples, 272 bytes.
    const raw = Uint8Array.from({ length: 272 }, (_, i) => (i % 17 === 0 ? 0 : i % 251));
    const withData = (...idats: Uint8Array[]) => {
      const valid = pngWithHeader(16, 16);
      return concat([valid.subarray(0, valid.length - 24), ...idats.map((data) => pngChunk('IDAT', data)), valid.subarray(valid.length - 12)]);
    };
    const stream = zlibSync(raw);
    const bombStream = zlibSync(new Uint8Array(400_000), { level: 9 });
    expect([stream.length, bombStream.length].every((length) => length <= 512)).toBe(true);
    const whole = decodeImage(withData(stream));
    expect(Array.from(whole.data.subarray(0, 16))).toEqual(Array.from({ length: 16 }, (_, x) => x + 1));
    expect(decodeImage(withData(stream.subarray(0, 5), stream.subarray(5, 9), stream.subarray(9)))).toEqual(whole);
    expect(catchInputError(() => decodeImage(withData(bombStream))).message).toMatch(/inflates past the 272 bytes/);
    expect(catchInputError(() => decodeImage(withData(stream.subarray(0, stream.length - 10)))).message).toMatch(/corrupt PNG/);
    // A zlib header and checksum with no deflate data between them.
    expect(catchInputError(() => decodeImage(withData(Uint8Array.from([0x78, 0x9c, 0, 0, 0, 1])))).message).toMatch(/truncated PNG: 0 of the 272/);
  });

  it('refuses impossible headers before reading the data', () => {
    expect(catchInputError(() => decodeImage(pngWithHeader(4, 4, 16, 3))).message).toMatch(/colour type 3 with 16-bit/);
    expect(catchInputError(() => decodeImage(pngWithHeader(4, 4, 8, 5))).message).toMatch(/colour type 5/);
  });

  it('stops 1×1 decompression bombs of 1, 16 and 64 MiB at once, with a small memory peak', () => {
    const report = measureDecodePeak([1, 16, 64].map((mebibytes) => bomb(1, 1, mebibytes * 2 ** 20)));
    expect(report.outcomes.map((outcome) => outcome.code)).toEqual(['invalid_image', 'invalid_image', 'invalid_image']);
    // Inflating the 64 MiB bomb alone would grow the peak by 64 MiB or more and take 100-200 ms;
    // stopped, each takes ~2 ms (the bound leaves room for a loaded machine).
    expect(report.growthMiB).toBeLessThan(8);
    for (const outcome of report.outcomes) expect(outcome.ms).toBeLessThan(80);
  }, 30_000);
});
