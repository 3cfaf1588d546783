import { encode as encodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.ts';
import { MAX_JPEG_SCANS, readJpegHeader } from './read-jpeg-header.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { progressiveJpeg } from './testdata/progressive-jpeg.ts';

const baseline = new Uint8Array(encodeJpeg({ width: 40, height: 24, data: new Uint8Array(40 * 24 * 4).fill(200) }, 90).data);

describe('readJpegHeader', () => {
  it('reads size, components, sampling, progressive coding and the number of scans', () => {
    expect(readJpegHeader(baseline)).toEqual({ width: 40, height: 24, components: 3, progressive: false, scans: 1, maxSampling: { h: 1, v: 1 } });
    expect(readJpegHeader(progressiveJpeg(64, 32, 5))).toMatchObject({ width: 64, height: 32, components: 1, progressive: true, scans: 6 });
  });

  it(`refuses more than ${MAX_JPEG_SCANS} scans before decoding, and decodes a file at the cap`, () => {
    const error = catchInputError(() => decodeImage(progressiveJpeg(1448, 1448, MAX_JPEG_SCANS)));
    expect(error).toMatchObject({ code: 'invalid_image', details: { scans: MAX_JPEG_SCANS + 1, limit: MAX_JPEG_SCANS } });
    // 1,000 refinement scans (17 KB) took jpeg-js 21 s to decode; refused, it costs one pass over the bytes.
    const started = performance.now();
    expect(catchInputError(() => decodeImage(progressiveJpeg(1448, 1448, 1000))).code).toBe('invalid_image');
    expect(performance.now() - started).toBeLessThan(100);
    expect(decodeImage(progressiveJpeg(64, 64, MAX_JPEG_SCANS - 1))).toMatchObject({ width: 64, height: 64, channels: 1 });
  });

  it('refuses a second frame header, which could declare a larger size than the first', () => {
    const sof = baseline.findIndex((byte, i) => byte === 0xff && baseline[i + 1] === 0xc0);
    const length = (baseline[sof + 2] << 8) | baseline[sof + 3];
    const segment = baseline.slice(sof, sof + 2 + length);
    const twice = new Uint8Array([...baseline.subarray(0, sof + 2 + length), ...segment, ...baseline.subarray(sof + 2 + length)]);
    expect(catchInputError(() => readJpegHeader(twice)).message).toMatch(/more than one frame/);
  });

  it('refuses sampling factors outside 1-4, which would pad every component to huge MCUs', () => {
    const bad = progressiveJpeg(16, 16, 1);
    const sof = bad.findIndex((byte, i) => byte === 0xff && bad[i + 1] === 0xc2);
    bad[sof + 11] = 0xf1;
    expect(catchInputError(() => readJpegHeader(bad)).message).toMatch(/sampling factors 15×1/);
  });
});
