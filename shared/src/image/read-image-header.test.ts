import { describe, expect, it } from 'vitest';
import { readImageHeader } from './read-image-header.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { pngWithHeader } from './testdata/png-chunks.ts';
import { progressiveJpeg } from './testdata/progressive-jpeg.ts';

describe('readImageHeader', () => {
  it('reads a PNG header without its data: size, bit depth, interlacing', () => {
    const png = pngWithHeader(30_000, 20_000, 16, 6);
    png[28] = 1;
    expect(readImageHeader(png)).toMatchObject({ format: 'png', width: 30_000, height: 20_000, bitDepth: 16, interlaced: true, progressive: false });
  });

  it('reads a JPEG header: size, 8-bit, progressive', () => {
    expect(readImageHeader(progressiveJpeg(100, 50, 2))).toMatchObject({ format: 'jpeg', width: 100, height: 50, bitDepth: 8, interlaced: false, progressive: true });
  });

  it('names formats it does not take and refuses the rest', () => {
    expect(catchInputError(() => readImageHeader(new TextEncoder().encode('GIF89a...'))).message).toMatch(/GIF/);
    expect(catchInputError(() => readImageHeader(new Uint8Array(0))).code).toBe('invalid_image');
    expect(catchInputError(() => readImageHeader(Uint8Array.from([1, 2, 3]))).message).toMatch(/unrecognised signature/);
  });
});
