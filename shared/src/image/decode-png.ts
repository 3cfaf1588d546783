import { convertIndexedToRgb, decode as decodePngData, type DecodedPng } from 'fast-png';
import { InputError } from '../errors.ts';
import type { DecodedImage } from './decode-image.ts';
import { errorMessage } from './error-message.ts';
import type { PngHeader } from './read-png-header.ts';

const COLOUR_TYPE_INDEXED = 3;

/**
 * Decodes a PNG whose header has already been checked against the size limits, into 8-bit
 * interleaved samples: 16-bit samples are reduced, sub-byte grey samples unpacked, palettes
 * expanded, and a tRNS colour key becomes an alpha channel.
 */
export function decodePng(bytes: Uint8Array, header: PngHeader): DecodedImage {
  if (header.interlaced && header.bitDepth < 8) {
    // fast-png 8 de-interlaces whole bytes, not packed sub-byte samples, so its output is wrong.
    throw new InputError('invalid_image', `unsupported PNG: interlaced with ${header.bitDepth}-bit samples`);
  }
  let png: DecodedPng;
  try {
    // The CRCs are what tells a corrupted chunk from a valid one.
    png = decodePngData(bytes, { checkCrc: true });
  } catch (error) {
    throw new InputError('invalid_image', `corrupt or truncated PNG: ${errorMessage(error)}`);
  }
  const { width, height } = png;
  if (header.colourType === COLOUR_TYPE_INDEXED) return expandPalette(png);

  const samples = unpackSamples(png);
  if (samples.length !== width * height * png.channels) {
    throw new InputError('invalid_image', 'corrupt PNG: the image data does not match the declared size');
  }
  const maxValue = 2 ** png.depth - 1;
  const colourKey = png.transparency;
  const hasColourKey = colourKey !== undefined && colourKey.length === png.channels;
  const channels = png.channels + (hasColourKey ? 1 : 0);
  const data = new Uint8Array(width * height * channels);
  for (let pixel = 0, source = 0, target = 0; pixel < width * height; pixel++) {
    let matchesKey = hasColourKey;
    for (let c = 0; c < png.channels; c++, source++, target++) {
      const sample = samples[source];
      if (hasColourKey && sample !== colourKey[c]) matchesKey = false;
      data[target] = png.depth === 8 ? sample : Math.round((sample * 255) / maxValue);
    }
    if (hasColourKey) data[target++] = matchesKey ? 0 : 255;
  }
  return { width, height, channels: channels as DecodedImage['channels'], data };
}

/** One sample per array element, at the PNG's own bit depth. */
function unpackSamples(png: DecodedPng): ArrayLike<number> {
  if (png.depth >= 8) return png.data;
  // Only greyscale may have sub-byte samples outside palettes; each row starts on a byte boundary.
  const { width, height, depth } = png;
  const bytesPerRow = Math.ceil((width * depth) / 8);
  if (png.data.length < bytesPerRow * height) return new Uint8Array(0);
  const mask = (1 << depth) - 1;
  const samples = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = png.data[y * bytesPerRow + (bit >> 3)];
      samples[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return samples;
}

function expandPalette(png: DecodedPng): DecodedImage {
  const palette = png.palette;
  if (palette === undefined || palette.length === 0) {
    throw new InputError('invalid_image', 'corrupt PNG: indexed colour without a palette');
  }
  let data: Uint8Array;
  try {
    data = convertIndexedToRgb(png);
  } catch (error) {
    throw new InputError('invalid_image', `corrupt PNG: ${errorMessage(error)}`);
  }
  // Palette entries carry an alpha value when the PNG has a tRNS chunk.
  const channels = palette[0].length === 4 ? 4 : 3;
  if (data.length !== png.width * png.height * channels) {
    throw new InputError('invalid_image', 'corrupt PNG: the image data does not match the declared size');
  }
  return { width: png.width, height: png.height, channels, data };
}
