import { describe, expect, it } from 'vitest';
import { checkRequestPixels } from './check-request-pixels.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { pngWithHeader } from './testdata/png-chunks.ts';
import { progressiveJpeg } from './testdata/progressive-jpeg.ts';

const limits = { maxSide: 4096, maxPixels: 2 ** 21, maxRequestPixels: 1_000_000 };

describe('checkRequestPixels', () => {
  it('sums width × height over the images, 16-bit PNGs and progressive JPEGs twice', () => {
    expect(checkRequestPixels([pngWithHeader(500, 1000), pngWithHeader(500, 1000)], limits)).toHaveLength(2);
    const sixteen = catchInputError(() => checkRequestPixels([pngWithHeader(500, 1000, 16), pngWithHeader(10, 10)], limits));
    expect(sixteen).toMatchObject({ code: 'payload_too_large', details: { requestPixels: 1_000_100, limit: { maxRequestPixels: 1_000_000 } } });
    expect(sixteen.message).toMatch(/add up to 1000100 pixels.*at most 1000000/);
    const progressive = catchInputError(() => checkRequestPixels([progressiveJpeg(1000, 500, 1), pngWithHeader(1, 1)], limits));
    expect(progressive.details).toMatchObject({ requestPixels: 1_000_001 });
  });

  it('checks each image against the per-image limits first, naming it', () => {
    const error = catchInputError(() => checkRequestPixels([pngWithHeader(10, 10), pngWithHeader(5000, 1)], limits));
    expect(error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/^image 1: /), details: { index: 1, width: 5000 } });
    expect(catchInputError(() => checkRequestPixels([pngWithHeader(5000, 1)], limits)).message).toMatch(/^image is 5000×1/);
  });
});
