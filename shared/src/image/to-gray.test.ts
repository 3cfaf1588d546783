import { describe, expect, it } from 'vitest';
import { toGray } from './to-gray.ts';

describe('toGray', () => {
  it('keeps grey samples and weighs RGB by BT.601 luma', () => {
    expect(Array.from(toGray({ width: 2, height: 1, channels: 1, data: Uint8Array.from([0, 200]) }).data)).toEqual([0, 200]);
    const rgb = toGray({ width: 3, height: 1, channels: 3, data: Uint8Array.from([255, 0, 0, 0, 255, 0, 10, 20, 30]) });
    expect(rgb.width).toBe(3);
    expect(rgb.data[0]).toBeCloseTo(0.299 * 255, 3);
    expect(rgb.data[1]).toBeCloseTo(0.587 * 255, 3);
    expect(rgb.data[2]).toBeCloseTo(0.299 * 10 + 0.587 * 20 + 0.114 * 30, 3);
  });

  it('composites alpha over white, so transparent pixels are paper and opaque strokes stay dark', () => {
    const rgba = toGray({
      width: 3,
      height: 1,
      channels: 4,
      data: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 51]),
    });
    expect(Array.from(rgba.data)).toEqual([255, 0, 204]);
    const greyAlpha = toGray({ width: 2, height: 1, channels: 2, data: Uint8Array.from([100, 255, 100, 0]) });
    expect(Array.from(greyAlpha.data)).toEqual([100, 255]);
  });
});
