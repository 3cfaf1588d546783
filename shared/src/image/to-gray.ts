import type { DecodedImage } from './decode-image.ts';

/** One float a pixel, in [0, 255], row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B) with any alpha composited over white, so a
 * transparent canvas with dark strokes reads as dark ink on light paper.
 */
export function toGray(image: DecodedImage): GrayImage {
  const { width, height, channels, data: samples } = image;
  const pixels = width * height;
  const data = new Float32Array(pixels);
  for (let i = 0, s = 0; i < pixels; i++, s += channels) {
    let luma: number;
    let alpha = 255;
    if (channels <= 2) {
      luma = samples[s];
      if (channels === 2) alpha = samples[s + 1];
    } else {
      luma = 0.299 * samples[s] + 0.587 * samples[s + 1] + 0.114 * samples[s + 2];
      if (channels === 4) alpha = samples[s + 3];
    }
    const value = (luma * alpha + 255 * (255 - alpha)) / 255;
    data[i] = Math.min(255, Math.max(0, value));
  }
  return { width, height, data };
}
