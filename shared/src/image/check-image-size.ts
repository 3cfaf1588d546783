import { InputError } from '../errors.ts';
import { DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE, type DecodeLimits } from './decode-image.ts';

/** Throws InputError `payload_too_large` when a header declares more than the per-image limits allow. */
export function checkImageSize({ width, height }: { width: number; height: number }, limits: DecodeLimits = {}): void {
  const maxSide = limits.maxSide ?? DEFAULT_MAX_SIDE;
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (width <= maxSide && height <= maxSide && width * height <= maxPixels) return;
  throw new InputError(
    'payload_too_large',
    `image is ${width}×${height} pixels; at most ${maxSide} pixels a side and ${maxPixels} pixels in all are accepted`,
    { width, height, limit: { maxSide, maxPixels } },
  );
}
