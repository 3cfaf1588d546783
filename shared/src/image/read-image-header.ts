import { InputError } from '../errors.ts';
import { hasJpegSignature, readJpegHeader, type JpegHeader } from './read-jpeg-header.ts';
import { hasPngSignature, readPngHeader, type PngHeader } from './read-png-header.ts';

/** What an image's headers say, read without decoding any pixel data. */
export type ImageHeader = {
  width: number;
  height: number;
  /** Bits a sample: the PNG's own (1-16), 8 for JPEG. */
  bitDepth: number;
  /** PNG Adam7 interlacing. */
  interlaced: boolean;
  /** JPEG progressive coding (SOF2). */
  progressive: boolean;
} & ({ format: 'png'; png: PngHeader } | { format: 'jpeg'; jpeg: JpegHeader });

/** Formats people upload that we recognise only to say why they are refused. */
const UNSUPPORTED_SIGNATURES: ReadonlyArray<{ format: string; matches: (bytes: Uint8Array) => boolean }> = [
  { format: 'GIF', matches: (b) => ascii(b, 0, 4) === 'GIF8' },
  { format: 'WebP', matches: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP' },
  { format: 'BMP', matches: (b) => ascii(b, 0, 2) === 'BM' },
  { format: 'TIFF', matches: (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*' },
  { format: 'AVIF/HEIF', matches: (b) => ascii(b, 4, 4) === 'ftyp' },
];

/**
 * The header of a PNG or JPEG (told apart by their magic bytes): size, bit depth, interlacing or
 * progressive coding, so a request's images can be weighed before any of them is decoded. Costs
 * at most one pass over a JPEG's bytes (its scans are counted) and 33 bytes of a PNG.
 * Throws InputError `invalid_image` for anything else or a header that cannot be decoded.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length === 0) throw new InputError('invalid_image', 'not an image: no bytes');
  if (hasPngSignature(bytes)) {
    const png = readPngHeader(bytes);
    const { width, height, bitDepth, interlaced } = png;
    return { format: 'png', width, height, bitDepth, interlaced, progressive: false, png };
  }
  if (hasJpegSignature(bytes)) {
    const jpeg = readJpegHeader(bytes);
    const { width, height, progressive } = jpeg;
    return { format: 'jpeg', width, height, bitDepth: 8, interlaced: false, progressive, jpeg };
  }
  const unsupported = UNSUPPORTED_SIGNATURES.find(({ matches }) => matches(bytes));
  if (unsupported) {
    throw new InputError('invalid_image', `unsupported image format ${unsupported.format}: send a PNG or JPEG`);
  }
  throw new InputError('invalid_image', 'not a PNG or JPEG image (unrecognised signature)');
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
