import { decode as decodeJpegData } from 'jpeg-js';
import { InputError } from '../errors.ts';
import type { DecodedImage } from './decode-image.ts';
import { errorMessage } from './error-message.ts';
import type { JpegHeader } from './read-jpeg-header.ts';

/** Huffman and quantisation tables, the scan bookkeeping: what jpeg-js counts beyond the pixels. */
const JPEG_TABLE_BYTES = 2 ** 20;

/**
 * What jpeg-js may allocate for this frame, from its header: per component, 256 bytes for each
 * 8×8 block of coefficients and 1 byte a sample for its plane, both padded to whole MCUs; then
 * the colour-converted samples and the output. Anything more means the file lies about itself.
 */
export function jpegMemoryBytes(header: JpegHeader): number {
  const mcuWidth = 8 * header.maxSampling.h;
  const mcuHeight = 8 * header.maxSampling.v;
  const paddedPixels = Math.ceil(header.width / mcuWidth) * mcuWidth * Math.ceil(header.height / mcuHeight) * mcuHeight;
  return header.components * paddedPixels * 5 + header.width * header.height * (header.components + 3) + JPEG_TABLE_BYTES;
}

/**
 * Decodes a JPEG whose header has already been checked against the size limits and scan cap.
 * jpeg-js's own limits are set from that header, so a file whose data claims more than its frame
 * header fails before allocating it. Grey JPEGs come back with 1 channel, others RGB.
 */
export function decodeJpeg(bytes: Uint8Array, header: JpegHeader): DecodedImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = decodeJpegData(bytes, {
      // Typed arrays, not Node's Buffer, which workerd lacks.
      useTArray: true,
      // A JPEG has no alpha: RGBA would add a constant channel and a third more memory.
      formatAsRGBA: false,
      // Strict, so a truncated or corrupt file is an error rather than a partly grey picture.
      tolerantDecoding: false,
      maxResolutionInMP: (header.width * header.height + 1) / 1e6,
      maxMemoryUsageInMB: jpegMemoryBytes(header) / 2 ** 20,
    });
  } catch (error) {
    throw new InputError('invalid_image', `corrupt or truncated JPEG: ${errorMessage(error)}`);
  }
  const { width, height, data } = decoded;
  if (data.length !== width * height * 3) {
    throw new InputError('invalid_image', 'corrupt JPEG: the image data does not match the declared size');
  }
  if (header.components !== 1) return { width, height, channels: 3, data };
  // jpeg-js repeats a grey sample as R, G and B; keep one.
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * 3];
  return { width, height, channels: 1, data: grey };
}
