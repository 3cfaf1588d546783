import { MNIST_SIDE } from './read-mnist-digits.ts';

/** Where an MNIST digit goes on a larger canvas. */
export interface DigitPlacement {
  width: number;
  height: number;
  /** Top-left corner and side of the square the 28 × 28 digit is stretched over. */
  left: number;
  top: number;
  side: number;
}

/**
 * Ink coverage (0-1) of a canvas with an MNIST digit enlarged onto it by plain bilinear
 * interpolation: written independently of the code under test, as a user's drawing would be.
 */
export function renderDigit(pixels: Uint8Array, placement: DigitPlacement): Float32Array {
  const { width, height, left, top, side } = placement;
  const ink = new Float32Array(width * height);
  const sample = (x: number, y: number): number =>
    x < 0 || y < 0 || x >= MNIST_SIDE || y >= MNIST_SIDE ? 0 : pixels[y * MNIST_SIDE + x] / 255;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = ((x - left + 0.5) * MNIST_SIDE) / side - 0.5;
      const v = ((y - top + 0.5) * MNIST_SIDE) / side - 0.5;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      ink[y * width + x] =
        (1 - fy) * ((1 - fx) * sample(x0, y0) + fx * sample(x0 + 1, y0)) +
        fy * ((1 - fx) * sample(x0, y0 + 1) + fx * sample(x0 + 1, y0 + 1));
    }
  }
  return ink;
}

export type InkStyle = 'gray' | 'rgb' | 'rgba-transparent' | 'rgba-opaque';

/**
 * Paints ink coverage dark-on-light: grey on white, navy ink on cream paper (RGB and opaque
 * RGBA), or black strokes on a transparent canvas, as a browser canvas exports them.
 */
export function paintInk(ink: Float32Array, style: InkStyle): { channels: 1 | 3 | 4; data: Uint8Array } {
  const paper = [245, 240, 225];
  const pen = [20, 30, 90];
  const channels = style === 'gray' ? 1 : style === 'rgb' ? 3 : 4;
  const data = new Uint8Array(ink.length * channels);
  for (let i = 0; i < ink.length; i++) {
    const a = ink[i];
    const o = i * channels;
    if (style === 'gray') {
      data[o] = Math.round(255 * (1 - a));
    } else if (style === 'rgba-transparent') {
      data[o + 3] = Math.round(255 * a);
    } else {
      for (let c = 0; c < 3; c++) data[o + c] = Math.round(paper[c] * (1 - a) + pen[c] * a);
      if (channels === 4) data[o + 3] = 255;
    }
  }
  return { channels, data };
}
