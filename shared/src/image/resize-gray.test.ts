import { describe, expect, it } from 'vitest';
import { resizeGray } from './resize-gray.ts';

const image = (width: number, height: number, values: number[]) => ({ width, height, data: Float32Array.from(values) });

describe('resizeGray', () => {
  it('returns the same pixels at the same size', () => {
    const values = [1, 2, 3, 4, 5, 6];
    expect(Array.from(resizeGray(image(3, 2, values), 3, 2).data)).toEqual(values);
  });

  it('averages areas when shrinking, so a one-pixel line fades rather than vanishes', () => {
    // A vertical line one pixel wide in a 4×4 image, halved: it covers half of one output column.
    const line = image(4, 4, [0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0]);
    expect(Array.from(resizeGray(line, 2, 2).data)).toEqual([127.5, 0, 127.5, 0]);
    // Non-integer ratio: 3 → 2, each output pixel covers 1.5 source pixels.
    const row = resizeGray(image(3, 1, [30, 60, 90]), 2, 1);
    expect(row.data[0]).toBeCloseTo((30 + 0.5 * 60) / 1.5, 4);
    expect(row.data[1]).toBeCloseTo((0.5 * 60 + 90) / 1.5, 4);
  });

  it('keeps the mean brightness when shrinking by area', () => {
    const values = Array.from({ length: 17 * 13 }, (_, i) => (i * 37) % 256);
    const resized = resizeGray(image(17, 13, values), 5, 4);
    const mean = (data: ArrayLike<number>) => Array.from(data).reduce((sum, v) => sum + v, 0) / data.length;
    expect(mean(resized.data)).toBeCloseTo(mean(values), 0);
  });

  it('interpolates bilinearly when enlarging, with pixel centres aligned', () => {
    const enlarged = resizeGray(image(2, 1, [0, 100]), 4, 1);
    // Output centres 0.5, 1.5, 2.5, 3.5 map to source -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    expect(Array.from(enlarged.data)).toEqual([0, 25, 75, 100]);
  });

  it('refuses an empty target size', () => {
    expect(() => resizeGray(image(2, 1, [0, 1]), 0, 1)).toThrow(RangeError);
  });
});
