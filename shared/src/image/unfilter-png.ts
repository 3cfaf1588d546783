import { InputError } from '../errors.ts';
import type { PngPass } from './png-passes.ts';

/**
 * Undoes the PNG row filters of one pass in place: each row's filter-type byte is followed by
 * `rowBytes` bytes predicted from the unfiltered row above and the byte `bytesPerPixel` to the left.
 */
export function unfilterPng(data: Uint8Array, pass: PngPass, bytesPerPixel: number): void {
  const { rowBytes, height, offset } = pass;
  const stride = rowBytes + 1;
  for (let y = 0; y < height; y++) {
    const row = offset + y * stride + 1;
    // The row above, or none for a pass's first row (then "up" and "above-left" read as 0).
    const above = y === 0 ? -1 : row - stride;
    const filter = data[row - 1];
    switch (filter) {
      case 0:
        break;
      case 1:
        for (let i = bytesPerPixel; i < rowBytes; i++) data[row + i] = (data[row + i] + data[row + i - bytesPerPixel]) & 0xff;
        break;
      case 2:
        if (above < 0) break;
        for (let i = 0; i < rowBytes; i++) data[row + i] = (data[row + i] + data[above + i]) & 0xff;
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bytesPerPixel ? data[row + i - bytesPerPixel] : 0;
          const up = above < 0 ? 0 : data[above + i];
          data[row + i] = (data[row + i] + ((left + up) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bytesPerPixel ? data[row + i - bytesPerPixel] : 0;
          const up = above < 0 ? 0 : data[above + i];
          const upLeft = above < 0 || i < bytesPerPixel ? 0 : data[above + i - bytesPerPixel];
          data[row + i] = (data[row + i] + paeth(left, up, upLeft)) & 0xff;
        }
        break;
      default:
        throw new InputError('invalid_image', `corrupt PNG: unknown row filter type ${filter}`);
    }
  }
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}
