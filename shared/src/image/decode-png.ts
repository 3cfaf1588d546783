import { InputError } from '../errors.ts';
import type { DecodedImage } from './decode-image.ts';
import { inflateBounded } from './inflate-bounded.ts';
import { pngPasses, type PngPass } from './png-passes.ts';
import { pngSamplesPerPixel, type PngHeader } from './read-png-header.ts';
import { readPngChunks } from './read-png-chunks.ts';
import { unfilterPng } from './unfilter-png.ts';

const COLOUR_TYPE_GREY = 0;
const COLOUR_TYPE_RGB = 2;
const COLOUR_TYPE_INDEXED = 3;

/** How one image's samples become 8-bit output pixels. */
interface PixelFormat {
  samplesPerPixel: number;
  bitDepth: number;
  outChannels: DecodedImage['channels'];
  /** Indexed colour: outChannels bytes for each of the 256 possible indices. */
  palette?: Uint8Array;
  /** tRNS colour key (grey or RGB) in raw sample values: matching pixels become transparent. */
  colourKey?: number[];
}

/**
 * Decodes a PNG whose header has already been checked against the size limits, into 8-bit
 * interleaved samples: 16-bit samples are reduced, sub-byte samples unpacked, palettes expanded,
 * a tRNS colour key becomes an alpha channel, Adam7 passes are put in place. The image data is
 * inflated into a buffer of exactly the size the header implies, never more.
 */
export function decodePng(bytes: Uint8Array, header: PngHeader): DecodedImage {
  const { width, height, bitDepth, interlaced } = header;
  const chunks = readPngChunks(bytes);
  if (chunks.data.length === 0) throw new InputError('invalid_image', 'corrupt PNG: no image data (IDAT) chunk');
  const format = pixelFormat(header, chunks.palette, chunks.transparency);
  const bitsPerPixel = format.samplesPerPixel * bitDepth;
  const { passes, totalBytes } = pngPasses(width, height, bitsPerPixel, interlaced);
  const data = inflateBounded(chunks.data, totalBytes);
  const output = new Uint8Array(width * height * format.outChannels);
  for (const pass of passes) {
    unfilterPng(data, pass, Math.max(1, bitsPerPixel >> 3));
    writePass(data, pass, format, output, width);
  }
  return { width, height, channels: format.outChannels, data: output };
}

function pixelFormat(header: PngHeader, palette?: Uint8Array, transparency?: Uint8Array): PixelFormat {
  const { colourType, bitDepth } = header;
  const samplesPerPixel = pngSamplesPerPixel(colourType);
  if (colourType === COLOUR_TYPE_INDEXED) {
    if (palette === undefined || palette.length === 0 || palette.length % 3 !== 0 || palette.length > 768) {
      throw new InputError('invalid_image', 'corrupt PNG: indexed colour without a valid palette');
    }
    // Palette entries carry an alpha value when the PNG has a tRNS chunk.
    const outChannels = transparency === undefined ? 3 : 4;
    const lookup = new Uint8Array(256 * outChannels);
    for (let index = 0; index < 256; index++) {
      const target = index * outChannels;
      // An index past the palette's end reads as opaque black rather than failing the image.
      if (index * 3 < palette.length) lookup.set(palette.subarray(index * 3, index * 3 + 3), target);
      if (outChannels === 4) lookup[target + 3] = transparency !== undefined && index < transparency.length ? transparency[index] : 255;
    }
    return { samplesPerPixel, bitDepth, outChannels, palette: lookup };
  }
  const keyLength = colourType === COLOUR_TYPE_GREY ? 2 : colourType === COLOUR_TYPE_RGB ? 6 : -1;
  const colourKey =
    transparency !== undefined && transparency.length === keyLength
      ? Array.from({ length: keyLength / 2 }, (_, c) => (transparency[2 * c] << 8) | transparency[2 * c + 1])
      : undefined;
  const outChannels = (samplesPerPixel + (colourKey ? 1 : 0)) as DecodedImage['channels'];
  return { samplesPerPixel, bitDepth, outChannels, colourKey };
}

/** Sample `index` of an unfiltered row starting at `start`, at the PNG's own bit depth. */
function readSample(data: Uint8Array, start: number, index: number, bitDepth: number): number {
  if (bitDepth === 8) return data[start + index];
  if (bitDepth === 16) return (data[start + 2 * index] << 8) | data[start + 2 * index + 1];
  // Sub-byte samples are packed from the most significant bit; each row starts on a byte boundary.
  const bit = index * bitDepth;
  return (data[start + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
}

/** Each bit depth's table, built once per isolate: building one cost a small PNG's decode ~4% of its CPU. */
const eightBitsTables = new Map<number, Uint8Array>();

/** A table from raw samples at `bitDepth` to 8 bits, rounding to nearest: (raw × 255 + max/2) / max (v / 257 at 16 bits). */
function toEightBitsTable(bitDepth: number): Uint8Array {
  let table = eightBitsTables.get(bitDepth);
  if (table === undefined) {
    const max = 2 ** bitDepth - 1;
    table = Uint8Array.from({ length: max + 1 }, (_, raw) => Math.floor((raw * 255 + (max >> 1)) / max));
    eightBitsTables.set(bitDepth, table);
  }
  return table;
}

function writePass(data: Uint8Array, pass: PngPass, format: PixelFormat, output: Uint8Array, width: number): void {
  const { samplesPerPixel, bitDepth, outChannels, palette, colourKey } = format;
  const toEight = toEightBitsTable(bitDepth);
  for (let y = 0; y < pass.height; y++) {
    const start = pass.offset + y * (pass.rowBytes + 1) + 1;
    const rowStart = (pass.y0 + y * pass.dy) * width + pass.x0;
    if (palette === undefined && colourKey === undefined && pass.dx === 1 && bitDepth >= 8) {
      // The common cases, row at a time: 8-bit rows are the output; 16-bit ones keep a byte a sample.
      const target = rowStart * outChannels;
      const samples = pass.width * samplesPerPixel;
      if (bitDepth === 8) output.set(data.subarray(start, start + samples), target);
      else for (let i = 0; i < samples; i++) output[target + i] = toEight[(data[start + 2 * i] << 8) | data[start + 2 * i + 1]];
      continue;
    }
    for (let x = 0; x < pass.width; x++) {
      const target = (rowStart + x * pass.dx) * outChannels;
      if (palette !== undefined) {
        const entry = readSample(data, start, x, bitDepth) * outChannels;
        for (let c = 0; c < outChannels; c++) output[target + c] = palette[entry + c];
        continue;
      }
      let matchesKey = colourKey !== undefined;
      for (let c = 0; c < samplesPerPixel; c++) {
        const raw = readSample(data, start, x * samplesPerPixel + c, bitDepth);
        if (colourKey !== undefined && raw !== colourKey[c]) matchesKey = false;
        output[target + c] = toEight[raw];
      }
      if (colourKey !== undefined) output[target + samplesPerPixel] = matchesKey ? 0 : 255;
    }
  }
}
