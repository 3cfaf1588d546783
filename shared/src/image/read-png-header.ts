import { InputError } from '../errors.ts';

/** The fields of a PNG's IHDR chunk that decoding depends on. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** Adam7 interlacing. */
  interlaced: boolean;
}

/** Samples a pixel for each colour type, and the bit depths the PNG spec allows for it. */
const COLOUR_TYPES: Readonly<Record<number, { samples: number; depths: readonly number[] }>> = {
  0: { samples: 1, depths: [1, 2, 4, 8, 16] },
  2: { samples: 3, depths: [8, 16] },
  3: { samples: 1, depths: [1, 2, 4, 8] },
  4: { samples: 2, depths: [8, 16] },
  6: { samples: 4, depths: [8, 16] },
};

/** Samples a pixel of a (valid) colour type: grey 1, RGB 3, palette index 1, grey+alpha 2, RGBA 4. */
export function pngSamplesPerPixel(colourType: number): number {
  return COLOUR_TYPES[colourType]?.samples ?? 0;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature (8) + chunk length (4) + type (4) + IHDR data (13) + CRC (4). */
const PNG_HEADER_BYTES = 33;

export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/**
 * Reads the declared size from the IHDR chunk, which the PNG spec requires to come first,
 * so a decompression bomb can be refused before anything is inflated.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  if (!hasPngSignature(bytes)) throw new InputError('invalid_image', 'not a PNG image (bad signature)');
  if (bytes.length < PNG_HEADER_BYTES) {
    throw new InputError('invalid_image', `truncated PNG: ${bytes.length} bytes, too short for its IHDR header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkLength = view.getUint32(8);
  const chunkType = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (chunkType !== 'IHDR' || chunkLength !== 13) {
    throw new InputError('invalid_image', 'corrupt PNG: the first chunk is not a 13-byte IHDR');
  }
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24],
    colourType: bytes[25],
    interlaced: bytes[28] === 1,
  };
  if (header.width === 0 || header.height === 0) {
    throw new InputError('invalid_image', `corrupt PNG: declared size ${header.width}×${header.height}`);
  }
  if (!COLOUR_TYPES[header.colourType]?.depths.includes(header.bitDepth)) {
    throw new InputError('invalid_image', `corrupt PNG: colour type ${header.colourType} with ${header.bitDepth}-bit samples`);
  }
  // Compression and filter method 0 are the only ones defined; interlace is 0 (none) or 1 (Adam7).
  if (bytes[26] !== 0 || bytes[27] !== 0 || bytes[28] > 1) {
    throw new InputError('invalid_image', 'corrupt PNG: unknown compression, filter or interlace method');
  }
  return header;
}
