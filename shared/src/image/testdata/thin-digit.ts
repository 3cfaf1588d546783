import { MNIST_SIDE } from './read-mnist-digits.ts';

/** The skeleton is traced on the digit enlarged this many times, so a pen can follow it smoothly. */
const UPSCALE = 4;

/**
 * The centre line of an MNIST digit (Zhang-Suen thinning of its ink over half level, enlarged
 * bilinearly 4×) as points in the digit's own 28 × 28 coordinates: the path a pen would follow,
 * to be re-stroked at any width.
 */
export function thinDigit(pixels: Uint8Array): Array<[number, number]> {
  const side = MNIST_SIDE * UPSCALE;
  const image = new Uint8Array(side * side);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= MNIST_SIDE || y >= MNIST_SIDE ? 0 : pixels[y * MNIST_SIDE + x]);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = (x + 0.5) / UPSCALE - 0.5;
      const v = (y + 0.5) / UPSCALE - 0.5;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      const level = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      image[y * side + x] = level > 127 ? 1 : 0;
    }
  }
  // Zhang & Suen (1984): two sub-iterations peel boundary pixels until only the 1-pixel centre line is left.
  let changed = true;
  while (changed) {
    changed = false;
    for (const pass of [0, 1]) {
      const remove: number[] = [];
      for (let y = 1; y < side - 1; y++) {
        for (let x = 1; x < side - 1; x++) {
          const i = y * side + x;
          if (!image[i]) continue;
          const p = [image[i - side], image[i - side + 1], image[i + 1], image[i + side + 1], image[i + side], image[i + side - 1], image[i - 1], image[i - side - 1]];
          const neighbours = p.reduce((a, b) => a + b, 0);
          let transitions = 0;
          for (let k = 0; k < 8; k++) if (!p[k] && p[(k + 1) % 8]) transitions++;
          const [p2, , p4, , p6, , p8] = p;
          const first = pass === 0 ? p2 * p4 * p6 : p2 * p4 * p8;
          const second = pass === 0 ? p4 * p6 * p8 : p2 * p6 * p8;
          if (neighbours >= 2 && neighbours <= 6 && transitions === 1 && !first && !second) remove.push(i);
        }
      }
      for (const i of remove) image[i] = 0;
      if (remove.length > 0) changed = true;
    }
  }
  const points: Array<[number, number]> = [];
  for (let i = 0; i < image.length; i++) if (image[i]) points.push([((i % side) + 0.5) / UPSCALE, (Math.floor(i / side) + 0.5) / UPSCALE]);
  return points;
}
