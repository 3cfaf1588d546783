import { decode as decodeJpegData } from 'jpeg-js';
import { InputError } from '../errors.ts';
import type { DecodedImage } from './decode-image.ts';
import { errorMessage } from './error-message.ts';

/**
 * jpeg-js holds about 4 bytes a pixel per component in DCT blocks, one more for the component
 * planes and 3 for the output: 24 bytes a pixel covers 3 full-resolution components with slack.
 */
const JPEG_BYTES_PER_PIXEL = 24;

/**
 * Decodes a JPEG whose header has already been checked against the size limits. jpeg-js's own
 * limits stay on as a second line of defence. Grey JPEGs come back with 1 channel, others RGB.
 */
export function decodeJpeg(bytes: Uint8Array, components: number, maxPixels: number): DecodedImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = decodeJpegData(bytes, {
      // Typed arrays, not Node's Buffer, which workerd lacks.
      useTArray: true,
      // A JPEG has no alpha: RGBA would add a constant channel and a third more memory.
      formatAsRGBA: false,
      // Strict, so a truncated or corrupt file is an error rather than a partly grey picture.
      tolerantDecoding: false,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: Math.max(16, Math.ceil((maxPixels * JPEG_BYTES_PER_PIXEL) / 2 ** 20)),
    });
  } catch (error) {
    throw new InputError('invalid_image', `corrupt or truncated JPEG: ${errorMessage(error)}`);
  }
  const { width, height, data } = decoded;
  if (data.length !== width * height * 3) {
    throw new InputError('invalid_image', 'corrupt JPEG: the image data does not match the declared size');
  }
  if (components !== 1) return { width, height, channels: 3, data };
  // jpeg-js repeats a grey sample as R, G and B; keep one.
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * 3];
  return { width, height, channels: 1, data: grey };
}
