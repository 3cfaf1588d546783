import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { decodeImage } from './decode-image.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { encodePngRaw } from './testdata/encode-png.ts';
import { insertChunkAfterHeader, pngChunk, pngWithHeader } from './testdata/png-chunks.ts';
import { seededRandom } from './testdata/seeded-random.ts';

const random = seededRandom(42);
const randomBytes = (length: number): Uint8Array => Uint8Array.from({ length }, () => Math.floor(random() * 256));

/** A smooth RGBA picture (JPEG-friendly) of the given size. */
function gradientRgba(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([(x * 255) / width, (y * 255) / height, 128, 255], (y * width + x) * 4);
    }
  }
  return data;
}

const samplePng = encodePng({ width: 40, height: 30, data: randomBytes(40 * 30 * 3), channels: 3 });
// A plain copy: jpeg-js returns a Node Buffer, whose slice() is a view, not a copy.
const sampleJpeg = new Uint8Array(encodeJpeg({ width: 64, height: 48, data: gradientRgba(64, 48) }, 90).data);

describe('decodeImage: PNG', () => {
  it.each([1, 2, 3, 4] as const)('round-trips an 8-bit PNG with %i channel(s) exactly', (channels) => {
    const data = randomBytes(7 * 5 * channels);
    const decoded = decodeImage(encodePng({ width: 7, height: 5, data, channels }));
    expect(decoded).toEqual({ width: 7, height: 5, channels, data });
  });

  it('reduces 16-bit samples to 8 bits', () => {
    const data = Uint16Array.from([0, 255 * 257, 100 * 257 + 100, 65535, 257, 128 * 257 - 100]);
    const decoded = decodeImage(encodePng({ width: 3, height: 2, data, channels: 1, depth: 16 }));
    expect(decoded.channels).toBe(1);
    expect(Array.from(decoded.data)).toEqual([0, 255, 100, 255, 1, 128]);
  });

  it('unpacks 1-bit and 4-bit grey samples to the full 0-255 range', () => {
    // 10 pixels a row at 1 bit: 2 bytes, padded; rows 1010101010 and 0000011111.
    const oneBit = decodeImage(
      encodePng({ width: 10, height: 2, channels: 1, depth: 1, data: Uint8Array.from([0xaa, 0x80, 0x07, 0xc0]) }),
    );
    expect(Array.from(oneBit.data)).toEqual([255, 0, 255, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255]);
    const fourBit = decodeImage(encodePng({ width: 3, height: 1, channels: 1, depth: 4, data: Uint8Array.from([0x0f, 0x70]) }));
    expect(Array.from(fourBit.data)).toEqual([0, 255, 7 * 17]);
  });

  it('expands palette PNGs to RGB, or to RGBA when the palette has alpha', () => {
    const indices = Uint8Array.from([0, 1, 2, 1]);
    const rgb = decodeImage(
      encodePng({ width: 2, height: 2, channels: 1, data: indices, palette: [[255, 0, 0], [0, 255, 0], [0, 0, 255]] }),
    );
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 255, 0]);
    const rgba = decodeImage(
      encodePng({ width: 2, height: 2, channels: 1, data: indices, palette: [[255, 0, 0, 0], [0, 255, 0, 128], [0, 0, 255, 255]] }),
    );
    expect(rgba.channels).toBe(4);
    expect(Array.from(rgba.data)).toEqual([255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255, 0, 255, 0, 128]);
  });

  it('de-interlaces Adam7 PNGs, sub-byte ones included', () => {
    const data = randomBytes(13 * 11 * 3);
    const interlaced = encodePng({ width: 13, height: 11, data, channels: 3 }, { interlace: 'Adam7' });
    expect(decodeImage(interlaced)).toEqual({ width: 13, height: 11, channels: 3, data });
    // fast-png packs interlaced sub-byte samples wrongly, so this one comes from the independent encoder.
    const oneBit = encodePngRaw({ width: 8, height: 1, bitDepth: 1, colourType: 0, samples: [1, 0, 1, 0, 1, 0, 1, 1], interlaced: true });
    expect(Array.from(decodeImage(oneBit).data)).toEqual([255, 0, 255, 0, 255, 0, 255, 255]);
  });

  it('turns a tRNS colour key into an alpha channel', () => {
    const grey = encodePng({ width: 4, height: 1, channels: 1, data: Uint8Array.from([7, 8, 7, 200]) });
    const keyed = insertChunkAfterHeader(grey, pngChunk('tRNS', Uint8Array.from([0, 7])));
    const decoded = decodeImage(keyed);
    expect(decoded.channels).toBe(2);
    expect(Array.from(decoded.data)).toEqual([7, 0, 8, 255, 7, 0, 200, 255]);
  });
});

describe('decodeImage: JPEG', () => {
  it('decodes an RGB JPEG to 3 channels close to what was encoded', () => {
    const original = gradientRgba(64, 48);
    const decoded = decodeImage(sampleJpeg);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([64, 48, 3]);
    let totalError = 0;
    for (let i = 0; i < 64 * 48; i++) {
      for (let c = 0; c < 3; c++) totalError += Math.abs(decoded.data[i * 3 + c] - original[i * 4 + c]);
    }
    expect(totalError / (64 * 48 * 3)).toBeLessThan(3);
  });
});

describe('decodeImage: refusals', () => {
  it('refuses an empty array, random bytes and other formats as invalid_image', () => {
    expect(catchInputError(() => decodeImage(new Uint8Array(0))).code).toBe('invalid_image');
    const noise = catchInputError(() => decodeImage(Uint8Array.from([0x12, 0x34, ...randomBytes(500)])));
    expect(noise.code).toBe('invalid_image');
    expect(noise.message).toBe('not a PNG or JPEG image (unrecognised signature)');
    const gif = catchInputError(() => decodeImage(Uint8Array.from('GIF89a\x01\x00\x01\x00', (c) => c.charCodeAt(0))));
    expect(gif.code).toBe('invalid_image');
    expect(gif.message).toMatch(/GIF/);
  });

  it('refuses truncated PNGs and JPEGs as invalid_image', () => {
    for (const length of [8, 20, 40, samplePng.length >> 1, samplePng.length - 5]) {
      const error = catchInputError(() => decodeImage(samplePng.subarray(0, length)));
      expect(error.code).toBe('invalid_image');
      expect(error.message).toMatch(/PNG/);
    }
    for (const length of [3, 10, 100, sampleJpeg.length >> 1, sampleJpeg.length - 2]) {
      const error = catchInputError(() => decodeImage(sampleJpeg.subarray(0, length)));
      expect(error.code).toBe('invalid_image');
      expect(error.message).toMatch(/JPEG/);
    }
  });

  it('refuses a PNG with a corrupted data chunk (CRC mismatch)', () => {
    const corrupt = samplePng.slice();
    corrupt[60] ^= 0xff;
    expect(catchInputError(() => decodeImage(corrupt)).code).toBe('invalid_image');
  });

  it('refuses a PNG declaring 100000×100000 from its header, before inflating anything', () => {
    const error = catchInputError(() => decodeImage(pngWithHeader(100_000, 100_000)));
    expect(error.code).toBe('payload_too_large');
    expect(error.details).toEqual({ width: 100_000, height: 100_000, limit: { maxSide: 4096, maxPixels: 4096 * 4096 } });
  });

  it('refuses a JPEG whose frame header declares a huge size', () => {
    const huge = sampleJpeg.slice();
    // Find the SOF0 marker the encoder wrote and declare 60000 × 60000.
    const sof = huge.findIndex((byte, i) => byte === 0xff && huge[i + 1] === 0xc0);
    huge.set([0xea, 0x60, 0xea, 0x60], sof + 5);
    const error = catchInputError(() => decodeImage(huge));
    expect(error.code).toBe('payload_too_large');
    expect(error.details).toMatchObject({ width: 60_000, height: 60_000 });
  });

  it('applies caller limits on the side and on the pixel count', () => {
    expect(decodeImage(samplePng, { maxSide: 40, maxPixels: 1200 }).width).toBe(40);
    expect(catchInputError(() => decodeImage(samplePng, { maxSide: 39 })).code).toBe('payload_too_large');
    expect(catchInputError(() => decodeImage(samplePng, { maxPixels: 1199 })).code).toBe('payload_too_large');
    expect(catchInputError(() => decodeImage(sampleJpeg, { maxPixels: 3000 })).details).toEqual({
      width: 64,
      height: 48,
      limit: { maxSide: 4096, maxPixels: 3000 },
    });
  });

  it('only ever throws InputError on corrupted PNGs and JPEGs', () => {
    for (const original of [samplePng, sampleJpeg]) {
      for (let trial = 0; trial < 150; trial++) {
        const corrupt = original.slice();
        for (let flips = 0; flips < 1 + trial % 4; flips++) {
          corrupt[Math.floor(random() * corrupt.length)] = Math.floor(random() * 256);
        }
        try {
          const decoded = decodeImage(corrupt);
          expect(decoded.data.length).toBe(decoded.width * decoded.height * decoded.channels);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }
    }
  });
});
