import { describe, expect, it } from 'vitest';
import { readMnistDigits, MNIST_SIDE } from './testdata/read-mnist-digits.ts';
import { thickenStrokes } from './thicken-strokes.ts';

/** A crop `side` pixels square with a vertical bar `barWidth` pixels wide down its middle, full ink. */
function barCrop(side: number, barWidth: number) {
  const data = new Float32Array(side * side);
  const left = Math.floor((side - barWidth) / 2);
  for (let y = 10; y < side - 10; y++) data.fill(1, y * side + left, y * side + left + barWidth);
  return { width: side, height: side, data };
}

const inkColumns = (image: { width: number; height: number; data: Float32Array }, row: number) =>
  Array.from(image.data.subarray(row * image.width, (row + 1) * image.width)).filter((v) => v > 0.5).length;

describe('thickenStrokes', () => {
  it("widens a photo's hairline to MNIST's 2 output pixels, padding the crop so nothing is cut", () => {
    // A 200-pixel crop fitted into 20: 0.1 output pixels per crop pixel; a 4-pixel pen is 0.4 there.
    const crop = barCrop(200, 4);
    const thick = thickenStrokes(crop, 0.1);
    const radius = Math.round((2 / 0.1 - 4) / 2);
    expect(thick.width).toBe(200 + 2 * radius);
    expect(thick.height).toBe(200 + 2 * radius);
    expect(inkColumns(thick, 100 + radius)).toBe(4 + 2 * radius);
    // The bar's top end (row 10, `radius` lower once padded) grows up by `radius` too.
    expect(inkColumns(thick, 10)).toBe(4 + 2 * radius);
    expect(inkColumns(thick, 9)).toBe(0);
  });

  it('leaves strokes as wide as MNIST\'s, and every MNIST test digit at its own scale, as they are', () => {
    const wide = barCrop(40, 8);
    expect(thickenStrokes(wide, 0.5)).toBe(wide);
    const changed = readMnistDigits(1000, 4000).filter(({ pixels }) => {
      const crop = { width: MNIST_SIDE, height: MNIST_SIDE, data: Float32Array.from(pixels, (v) => v / 255) };
      return thickenStrokes(crop, 1) !== crop;
    });
    expect(changed.length).toBeLessThanOrEqual(10);
  });
});
