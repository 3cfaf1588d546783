import { InputError } from '../errors.ts';
import type { ArchiveEntry } from './archive-entry.ts';
import { checkArchiveSize } from './check-archive-size.ts';

const BLOCK = 512;
const decoder = new TextDecoder();

/** A tar starts with a header block whose checksum adds up (ustar, GNU and old V7 alike). */
export function isTar(bytes: Uint8Array): boolean {
  return bytes.length >= BLOCK && checksumMatches(bytes.subarray(0, BLOCK));
}

/**
 * The regular files of a tar (ustar, pax and GNU long names; links, folders and pax globals left
 * out), by walking its 512-byte headers. Throws InputError `validation_failed` for a corrupt header
 * or data cut off, `payload_too_large` past the limits.
 */
export function readTarEntries(bytes: Uint8Array): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let total = 0;
  let longName: string | undefined;
  for (let offset = 0; offset + BLOCK <= bytes.length; ) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumMatches(header)) throw new InputError('validation_failed', `not a readable tar: bad header checksum at byte ${offset}`);
    const size = readOctal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    const data = bytes.subarray(dataStart, dataStart + size);
    if (data.length !== size) throw new InputError('validation_failed', `not a readable tar: an entry at byte ${offset} is cut off`);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') longName = readString(data, 0, data.length);
    else if (type === 'x') longName = paxPath(data) ?? longName;
    else if (type === '0' || type === '\0' || type === '7') {
      const prefix = readString(header, 345, 155);
      const name = readString(header, 0, 100);
      const path = longName ?? (prefix === '' ? name : `${prefix}/${name}`);
      longName = undefined;
      total += size;
      checkArchiveSize(entries.length + 1, total);
      entries.push({ path, size, read: () => data });
    } else longName = undefined;
  }
  return entries;
}

function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  const stored = readString(header, 148, 8).trim();
  return /^[0-7]+$/.test(stored) && parseInt(stored, 8) === sum;
}

function readOctal(header: Uint8Array, start: number, length: number): number {
  if ((header[start] ?? 0) & 0x80) throw new InputError('validation_failed', 'not a readable tar: entries over 8 GB are not supported');
  const text = readString(header, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function readString(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

/** The `path` record of a pax extended header (`<length> path=<value>\n`). */
function paxPath(data: Uint8Array): string | undefined {
  for (const record of decoder.decode(data).split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(record);
    if (match) return match[1];
  }
  return undefined;
}
