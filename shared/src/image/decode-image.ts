import { checkImageSize } from './check-image-size.ts';
import { decodeJpeg } from './decode-jpeg.ts';
import { decodePng } from './decode-png.ts';
import { readImageHeader } from './read-image-header.ts';

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

/**
 * Decodes a PNG or JPEG (told apart by their magic bytes) into 8-bit interleaved samples.
 * Throws InputError: `invalid_image` when the bytes are not a readable PNG or JPEG,
 * `payload_too_large` when the declared size is over the limits.
 */
export function decodeImage(bytes: Uint8Array, limits: DecodeLimits = {}): DecodedImage {
  const header = readImageHeader(bytes);
  checkImageSize(header, limits);
  return header.format === 'png' ? decodePng(bytes, header.png) : decodeJpeg(bytes, header.jpeg);
}
