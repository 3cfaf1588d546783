import { InputError } from '../errors.ts';
import { crc32 } from './crc32.ts';

/** The chunks of a PNG that decoding needs, each checked against its CRC. */
export interface PngChunks {
  /** PLTE: RGB triples. */
  palette?: Uint8Array;
  /** tRNS: a colour key (grey or RGB) or one alpha value per palette entry. */
  transparency?: Uint8Array;
  /** The IDAT chunks' data, in order: one zlib stream split anywhere. */
  data: Uint8Array[];
}

const CHUNKS_START = 8;

/**
 * Walks a PNG's chunks up to IEND, checking every CRC (what tells a corrupted chunk from a valid
 * one), without copying or inflating anything. Ancillary chunks other than tRNS are skipped.
 */
export function readPngChunks(bytes: Uint8Array): PngChunks {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunks = { data: [] };
  let offset = CHUNKS_START;
  for (;;) {
    if (offset + 12 > bytes.length) throw new InputError('invalid_image', 'truncated PNG: the data ends before its IEND chunk');
    const length = view.getUint32(offset);
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (length > 0x7fffffff || dataEnd + 4 > bytes.length) {
      throw new InputError('invalid_image', `truncated PNG: a ${length}-byte chunk runs past the end of the file`);
    }
    const type = String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
    if (crc32(bytes, offset + 4, dataEnd) !== view.getUint32(dataEnd)) {
      throw new InputError('invalid_image', `corrupt PNG: CRC mismatch in a ${ascii(type)} chunk`);
    }
    const data = bytes.subarray(dataStart, dataEnd);
    if (type === 'IEND') return chunks;
    if (type === 'IDAT') chunks.data.push(data);
    else if (type === 'PLTE') chunks.palette = data;
    else if (type === 'tRNS') chunks.transparency = data;
    offset = dataEnd + 4;
  }
}

/** A chunk type for a message: only letters, so a crafted file cannot put anything in our answers. */
function ascii(type: string): string {
  return /^[A-Za-z]{4}$/.test(type) ? type : 'unnamed';
}
