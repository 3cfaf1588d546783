import { encodeGreyJpeg } from './craft-jpeg.ts';
import { encodePng, type PngColourType } from './craft-png.ts';

const SIDE = 28;

/** A 28×28 digit (light ink on black) scaled up `scale` times, nearest neighbour: a grey level at (x, y). */
export function digitSampler(pixels: Uint8Array, scale = 1): (x: number, y: number) => number {
  return (x, y) => pixels[Math.floor(y / scale) * SIDE + Math.floor(x / scale)]!;
}

/** The digit as a PNG of any colour type and depth, interlaced or not; alpha is opaque. */
export function digitPngVariant(pixels: Uint8Array, options: { bitDepth: 8 | 16; colourType: PngColourType; interlaced: boolean; scale?: number }): Uint8Array<ArrayBuffer> {
  const scale = options.scale ?? 1;
  const grey = digitSampler(pixels, scale);
  const max = 2 ** options.bitDepth - 1;
  const alphaChannel = options.colourType === 4 ? 1 : options.colourType === 6 ? 3 : -1;
  return encodePng({
    width: SIDE * scale,
    height: SIDE * scale,
    bitDepth: options.bitDepth,
    colourType: options.colourType,
    interlaced: options.interlaced,
    // 8-bit grey g becomes 257·g at 16 bits: the same level exactly.
    sample: (x, y, channel) => (channel === alphaChannel ? max : (grey(x, y) * max) / 255),
  });
}

/** The digit as a greyscale JPEG, baseline or progressive. */
export function digitGreyJpeg(pixels: Uint8Array, options: { progressive: boolean; scale?: number }): Uint8Array<ArrayBuffer> {
  const scale = options.scale ?? 1;
  return encodeGreyJpeg({ width: SIDE * scale, height: SIDE * scale, sample: digitSampler(pixels, scale), progressive: options.progressive });
}
