import { crc32 } from '../crc32.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature (8) + IHDR chunk (12 + 13). */
const HEADER_END = 33;

/** One PNG chunk: length, type, data and a valid CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) bytes[4 + i] = type.charCodeAt(i);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
  return bytes;
}

/**
 * A PNG made of a valid IHDR (correct CRC) declaring any size, then an empty IDAT and IEND:
 * what a decompression bomb looks like before its data is inflated.
 */
export function pngWithHeader(width: number, height: number, bitDepth = 8, colourType = 0): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([bitDepth, colourType, 0, 0, 0], 8);
  return concat([
    Uint8Array.from(SIGNATURE),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', new Uint8Array(0)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** The PNG with `chunk` inserted right after its IHDR (where tRNS and PLTE may go). */
export function insertChunkAfterHeader(png: Uint8Array, chunk: Uint8Array): Uint8Array {
  return concat([png.subarray(0, HEADER_END), chunk, png.subarray(HEADER_END)]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
