import { describe, expect, it } from 'vitest';
import { inkIsDark } from './ink-polarity.ts';
import { readMnistDigits } from './testdata/read-mnist-digits.ts';
import { strokeDigit } from './testdata/stroke-digit.ts';
import { thinDigit } from './testdata/thin-digit.ts';
import type { GrayImage } from './to-gray.ts';

const [seven] = readMnistDigits(1);

/** A 320 × 240 photo: a dark-ink 7 on paper (220) whose left `tableShare` is the dark table (60) beyond the paper's edge. */
function sheetBesideTable(tableShare: number, paper = 220, pen = 30): GrayImage {
  const [width, height] = [320, 240];
  const ink = strokeDigit(thinDigit(seven!.pixels), { width, height, centreX: 250, centreY: 120, side: 90, rotationDegrees: 0, radius: 1.5, elastic: 0, phases: [0, 0, 0, 0] });
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = ink[y * width + x]!;
      data[y * width + x] = x < tableShare * width ? 60 : paper * (1 - a) + pen * a;
    }
  }
  return { width, height, data };
}

describe('inkIsDark', () => {
  it('follows `invert` when it is not auto', () => {
    expect(inkIsDark(sheetBesideTable(0), 'always')).toBe(true);
    expect(inkIsDark(sheetBesideTable(0), 'never')).toBe(false);
  });

  it.each([0, 0.3, 0.45])('finds dark ink on paper beside a dark table (%s of the frame): the paper edge is a step, not a stroke', (share) => {
    expect(inkIsDark(sheetBesideTable(share), 'auto')).toBe(true);
  });

  it('finds light ink on black (a canvas, MNIST) and dark ink on white (MNIST inverted)', () => {
    for (const { pixels } of readMnistDigits(200, 3000)) {
      expect(inkIsDark({ width: 28, height: 28, data: Float32Array.from(pixels) }, 'auto')).toBe(false);
      expect(inkIsDark({ width: 28, height: 28, data: Float32Array.from(pixels, (v) => 255 - v) }, 'auto')).toBe(true);
    }
  });
});
