import type { ImageHeader } from './read-image-header.ts';

/**
 * How many times its pixel count an image is charged against a request's pixel budget: its
 * decode cost relative to an 8-bit PNG, rounded up, from `npm run bench:decode`. 16-bit PNGs
 * carry twice the bytes to inflate and unfilter; progressive JPEGs revisit every block once per scan.
 */
export function requestPixelWeight(header: ImageHeader): number {
  if (header.format === 'png') return header.bitDepth === 16 ? 2 : 1;
  return header.progressive ? 2 : 1;
}
