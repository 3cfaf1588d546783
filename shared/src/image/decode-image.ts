import { InputError } from '../errors.ts';
import { decodeJpeg } from './decode-jpeg.ts';
import { decodePng } from './decode-png.ts';
import { hasJpegSignature, readJpegHeader } from './read-jpeg-header.ts';
import { hasPngSignature, readPngHeader } from './read-png-header.ts';

/** 8 bits a channel, interleaved: grey, grey+alpha, RGB or RGBA. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

/** Refuse images whose declared size is over these, before decoding a byte of pixel data. */
export interface DecodeLimits {
  /** Longest side allowed, in pixels. Default 4096. */
  maxSide?: number;
  /** Width × height allowed. Default 4096 × 4096 (16 Mi pixels). */
  maxPixels?: number;
}

export const DEFAULT_MAX_SIDE = 4096;
export const DEFAULT_MAX_PIXELS = 4096 * 4096;

/** Formats people upload that we recognise only to say why they are refused. */
const UNSUPPORTED_SIGNATURES: ReadonlyArray<{ format: string; matches: (bytes: Uint8Array) => boolean }> = [
  { format: 'GIF', matches: (b) => ascii(b, 0, 4) === 'GIF8' },
  { format: 'WebP', matches: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP' },
  { format: 'BMP', matches: (b) => ascii(b, 0, 2) === 'BM' },
  { format: 'TIFF', matches: (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*' },
  { format: 'AVIF/HEIF', matches: (b) => ascii(b, 4, 4) === 'ftyp' },
];

/**
 * Decodes a PNG or JPEG (told apart by their magic bytes) into 8-bit interleaved samples.
 * Throws InputError: `invalid_image` when the bytes are not a readable PNG or JPEG,
 * `payload_too_large` when the declared size is over the limits.
 */
export function decodeImage(bytes: Uint8Array, limits: DecodeLimits = {}): DecodedImage {
  const maxSide = limits.maxSide ?? DEFAULT_MAX_SIDE;
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.length === 0) throw new InputError('invalid_image', 'not an image: no bytes');
  if (hasPngSignature(bytes)) {
    const header = readPngHeader(bytes);
    checkSize(header.width, header.height, maxSide, maxPixels);
    return decodePng(bytes, header);
  }
  if (hasJpegSignature(bytes)) {
    const header = readJpegHeader(bytes);
    checkSize(header.width, header.height, maxSide, maxPixels);
    return decodeJpeg(bytes, header.components, maxPixels);
  }
  const unsupported = UNSUPPORTED_SIGNATURES.find(({ matches }) => matches(bytes));
  if (unsupported) {
    throw new InputError('invalid_image', `unsupported image format ${unsupported.format}: send a PNG or JPEG`);
  }
  throw new InputError('invalid_image', 'not a PNG or JPEG image (unrecognised signature)');
}

function checkSize(width: number, height: number, maxSide: number, maxPixels: number): void {
  if (width <= maxSide && height <= maxSide && width * height <= maxPixels) return;
  throw new InputError(
    'payload_too_large',
    `image is ${width}×${height} pixels; at most ${maxSide} pixels a side and ${maxPixels} pixels in all are accepted`,
    { width, height, limit: { maxSide, maxPixels } },
  );
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
