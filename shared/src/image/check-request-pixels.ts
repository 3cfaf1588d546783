import { InputError } from '../errors.ts';
import { checkImageSize } from './check-image-size.ts';
import type { DecodeLimits } from './decode-image.ts';
import { readImageHeader, type ImageHeader } from './read-image-header.ts';
import { requestPixelWeight } from './request-pixel-weight.ts';

export interface RequestPixelLimits extends DecodeLimits {
  /** Weighted pixels (requestPixelWeight) all of a request's images may add up to. */
  maxRequestPixels: number;
}

/**
 * Reads the header of every image of a request, before any is decoded, and refuses the request
 * when one is over the per-image limits or all together are over the request's pixel budget: a
 * request's decode CPU is about proportional to the weighted pixels (`npm run bench:decode`).
 * Returns the headers. Throws InputError `invalid_image` or `payload_too_large` (413), the
 * message naming the image when there are several, the details the figure and the limit.
 */
export function checkRequestPixels(images: readonly Uint8Array[], limits: RequestPixelLimits): ImageHeader[] {
  let total = 0;
  const headers = images.map((bytes, index) => {
    try {
      const header = readImageHeader(bytes);
      checkImageSize(header, limits);
      total += header.width * header.height * requestPixelWeight(header);
      return header;
    } catch (error) {
      if (!(error instanceof InputError) || images.length === 1) throw error;
      throw new InputError(error.code, `image ${index}: ${error.message}`, { index, ...(error.details as object | undefined) });
    }
  });
  if (total > limits.maxRequestPixels) {
    throw new InputError(
      'payload_too_large',
      `the request's ${images.length} image(s) add up to ${total} pixels (16-bit PNGs and progressive JPEGs count twice); at most ${limits.maxRequestPixels} are decoded per request`,
      { requestPixels: total, limit: { maxRequestPixels: limits.maxRequestPixels } },
    );
  }
  return headers;
}
