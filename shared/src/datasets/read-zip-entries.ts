import { InputError } from '../errors.ts';
import type { ArchiveEntry } from './archive-entry.ts';
import { checkArchiveSize } from './check-archive-size.ts';
import { inflateRawBounded } from './inflate-raw-bounded.ts';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const decoder = new TextDecoder();

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/**
 * The files of a zip, from its central directory (folders left out). Stored and deflated entries
 * are read; the directory's sizes are checked against the limits before anything is inflated.
 * Zip64 and encrypted archives are refused. Throws InputError `validation_failed` or `payload_too_large`.
 */
export function readZipEntries(bytes: Uint8Array): ArchiveEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string): InputError => new InputError('validation_failed', `not a readable zip: ${why}`);
  let eocd = bytes.length - 22;
  // The end record sits in the last 22 bytes plus a comment of at most 65535.
  while (eocd >= 0 && view.getUint32(eocd, true) !== END_OF_DIRECTORY) {
    if (bytes.length - eocd > 22 + 0xffff) break;
    eocd--;
  }
  if (eocd < 0 || view.getUint32(eocd, true) !== END_OF_DIRECTORY) throw corrupt('no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw corrupt('zip64 archives are not supported');
  const entries: ArchiveEntry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== DIRECTORY_ENTRY) throw corrupt(`directory entry ${n + 1} is cut off`);
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const next = offset + 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const path = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    offset = next;
    if (path.endsWith('/')) continue;
    if (flags & 1) throw corrupt(`${path} is encrypted`);
    if (method !== 0 && method !== 8) throw corrupt(`${path} uses compression method ${method} (only stored and deflate are read)`);
    total += size;
    checkArchiveSize(entries.length + 1, total);
    entries.push({
      path,
      size,
      read: () => {
        if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL_HEADER) throw new InputError('validation_failed', `${path}: its local header is missing`);
        const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
        const data = bytes.subarray(start, start + compressedSize);
        if (data.length !== compressedSize) throw new InputError('validation_failed', `${path}: its data is cut off`);
        if (method === 8) return inflateRawBounded(data, size, path);
        if (size !== compressedSize) throw new InputError('validation_failed', `${path}: stored with ${compressedSize} bytes but declares ${size}`);
        return data;
      },
    });
  }
  return entries;
}
