import { correlation } from './correlation.ts';

/**
 * The best correlation of two square images over whole-pixel shifts of `actual` up to `reach`
 * pixels: MNIST centres digits to the nearest pixel, so a centre of mass near a half pixel may
 * round either way.
 */
export function bestShiftedCorrelation(actual: ArrayLike<number>, expected: ArrayLike<number>, side: number, reach = 1): number {
  let best = -1;
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const shifted = new Float32Array(side * side);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const sourceX = x - dx;
          const sourceY = y - dy;
          if (sourceX >= 0 && sourceY >= 0 && sourceX < side && sourceY < side) {
            shifted[y * side + x] = actual[sourceY * side + sourceX];
          }
        }
      }
      best = Math.max(best, correlation(shifted, expected));
    }
  }
  return best;
}
