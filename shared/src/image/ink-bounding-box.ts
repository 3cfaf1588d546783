import type { InkBox } from './check-digit-ink.ts';

/** The bounding box of the levels over `threshold`; undefined when there are none. */
export function inkBoundingBox(ink: Float32Array, width: number, height: number, threshold: number): InkBox | undefined {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] <= threshold) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) return undefined;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}
