/** PNGs built by hand, valid or hostile: the encoders tests usually use cannot interlace, lie or bomb. */
import { crc32, createDeflate, deflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples a pixel has, by PNG colour type: grey, RGB, grey+alpha, RGBA. */
const CHANNELS: Record<PngColourType, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
/** Adam7's passes: first column and row, then column and row steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export type PngColourType = 0 | 2 | 4 | 6;

export interface PngSpec {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  colourType: PngColourType;
  interlaced?: boolean;
  /** A sample in [0, 2^bitDepth - 1]. */
  sample(x: number, y: number, channel: number): number;
}

/** One chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function ihdr(width: number, height: number, bitDepth: number, colourType: number, interlaced: boolean): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width >>> 0);
  view.setUint32(4, height >>> 0);
  data.set([bitDepth, colourType, 0, 0, interlaced ? 1 : 0], 8);
  return chunk('IHDR', data);
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) (out.set(part, offset), (offset += part.length));
  return out;
}

function png(header: Uint8Array, idat: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat([new Uint8Array(SIGNATURE), header, chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/** A valid PNG, filter 0 on every row, Adam7-interlaced when asked. */
export function encodePng(spec: PngSpec): Uint8Array<ArrayBuffer> {
  const channels = CHANNELS[spec.colourType];
  const bytesPerSample = spec.bitDepth / 8;
  const passes = spec.interlaced ? ADAM7 : [[0, 0, 1, 1] as const];
  const rows: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const width = Math.ceil((spec.width - x0) / dx);
    const height = Math.ceil((spec.height - y0) / dy);
    // An empty pass (a small image) has no rows, not even filter bytes.
    if (width <= 0 || height <= 0) continue;
    for (let row = 0; row < height; row++) {
      const line = new Uint8Array(1 + width * channels * bytesPerSample);
      const view = new DataView(line.buffer);
      for (let col = 0; col < width; col++) {
        for (let c = 0; c < channels; c++) {
          const value = spec.sample(x0 + col * dx, y0 + row * dy, c);
          const at = 1 + (col * channels + c) * bytesPerSample;
          if (bytesPerSample === 2) view.setUint16(at, value);
          else line[at] = value;
        }
      }
      rows.push(line);
    }
  }
  return png(ihdr(spec.width, spec.height, spec.bitDepth, spec.colourType, spec.interlaced ?? false), deflateSync(concat(rows), { level: 9 }));
}

/**
 * A decompression bomb: an 8-bit grey PNG whose header says `width`×`height` and whose IDAT
 * inflates to `inflatedBytes` zeros, far past the header's size. The zeros are deflated as a
 * stream, 1 MiB at a time, so building a 256 MiB bomb holds only its ~260 KB of output.
 */
export async function pngBomb(width: number, height: number, inflatedBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const deflate = createDeflate({ level: 9 });
  const out: Uint8Array[] = [];
  deflate.on('data', (piece: Uint8Array) => out.push(piece));
  const ended = new Promise<void>((resolve, reject) => (deflate.once('end', resolve), deflate.once('error', reject)));
  const zeros = new Uint8Array(2 ** 20);
  for (let left = inflatedBytes; left > 0; left -= zeros.length) {
    if (!deflate.write(zeros.subarray(0, Math.min(left, zeros.length)))) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return png(ihdr(width, height, 8, 0, false), concat(out));
}

/**
 * The PNG with its IHDR width and height replaced and the chunk's CRC fixed, so a decoder trusts
 * the header: a decompression bomb's declared size without its data.
 */
export function pngWithDimensions(source: Uint8Array, width: number, height: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(source);
  const view = new DataView(out.buffer);
  // Signature (8), IHDR length (4), "IHDR" (4), width (4) at 16, height (4) at 20, ..., CRC at 29.
  view.setUint32(16, width >>> 0);
  view.setUint32(20, height >>> 0);
  view.setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}
