import { zlibSync } from 'fflate';
import { pngChunk } from './png-chunks.ts';

export interface RawPng {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** 0 grey, 2 RGB, 3 indexed, 4 grey+alpha, 6 RGBA. */
  colourType: 0 | 2 | 3 | 4 | 6;
  /** One sample per element, row-major, interleaved, at bitDepth. */
  samples: ArrayLike<number>;
  interlaced?: boolean;
  /** Extra chunks (PLTE, tRNS) put between IHDR and IDAT. */
  chunks?: Uint8Array[];
}

const SAMPLES = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

/**
 * A PNG encoder written apart from the decoder under test (fast-png's packs interlaced sub-byte
 * samples wrongly): every bit depth, Adam7, and each row filtered with filter type row % 5 so
 * that all five filters are exercised.
 */
export function encodePngRaw(png: RawPng): Uint8Array {
  const { width, height, bitDepth, colourType, samples, interlaced = false } = png;
  const perPixel = SAMPLES[colourType];
  const bitsPerPixel = perPixel * bitDepth;
  const bytesPerPixel = Math.max(1, bitsPerPixel >> 3);
  const layouts = (interlaced ? ADAM7 : [[0, 0, 1, 1]]).filter(([x0, y0]) => x0 < width && y0 < height);
  const total = layouts.reduce(
    (sum, [x0, y0, dx, dy]) => sum + Math.ceil((height - y0) / dy) * (1 + Math.ceil((Math.ceil((width - x0) / dx) * bitsPerPixel) / 8)),
    0,
  );
  const rows = new Uint8Array(total);
  let at = 0;
  for (const [x0, y0, dx, dy] of layouts) {
    const passWidth = Math.ceil((width - x0) / dx);
    const passHeight = Math.ceil((height - y0) / dy);
    if (passWidth <= 0 || passHeight <= 0) continue;
    const rowBytes = Math.ceil((passWidth * bitsPerPixel) / 8);
    let previous = new Uint8Array(rowBytes);
    for (let y = 0; y < passHeight; y++) {
      const raw = new Uint8Array(rowBytes);
      for (let x = 0; x < passWidth; x++) {
        for (let c = 0; c < perPixel; c++) {
          const value = samples[((y0 + y * dy) * width + x0 + x * dx) * perPixel + c];
          const index = x * perPixel + c;
          if (bitDepth === 16) raw.set([value >> 8, value & 0xff], index * 2);
          else if (bitDepth === 8) raw[index] = value;
          else raw[(index * bitDepth) >> 3] |= value << (8 - bitDepth - ((index * bitDepth) & 7));
        }
      }
      const filter = y % 5;
      rows[at++] = filter;
      for (let i = 0; i < rowBytes; i++) {
        const a = i >= bytesPerPixel ? raw[i - bytesPerPixel] : 0;
        const b = previous[i];
        const c = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
        const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
        rows[at++] = (raw[i] - predictor) & 0xff;
      }
      previous = raw;
    }
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([bitDepth, colourType, 0, 0, interlaced ? 1 : 0], 8);
  return concat([
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(png.chunks ?? []),
    pngChunk('IDAT', zlibSync(rows)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
