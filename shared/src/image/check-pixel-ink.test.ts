import { describe, expect, it } from 'vitest';
import { checkPixelInk } from './check-pixel-ink.ts';
import { catchInputError } from './testdata/catch-input-error.ts';
import { readMnistDigits } from './testdata/read-mnist-digits.ts';
import { seededRandom } from './testdata/seeded-random.ts';

const code = (pixels: ArrayLike<number>, scale: 1 | 255 = 255) => catchInputError(() => checkPixelInk(pixels, scale, 28, 28)).code;

describe('checkPixelInk: JSON pixels without a digit get no_digit, as images do', () => {
  it('refuses all-zero pixels and every uniform level, on both scales', () => {
    for (const level of [0, 1, 20, 128, 255]) expect(code(new Array<number>(784).fill(level))).toBe('no_digit');
    for (const level of [0, 0.5, 1]) expect(code(new Array<number>(784).fill(level), 1)).toBe('no_digit');
  });

  it('refuses a speck and noise', () => {
    const speck = new Array<number>(784).fill(0);
    speck[14 * 28 + 14] = 255;
    expect(code(speck)).toBe('no_digit');
    const random = seededRandom(3);
    expect(code(Array.from({ length: 784 }, () => Math.floor(256 * random())))).toBe('no_digit');
  });

  it('accepts every MNIST test digit', () => {
    const refused = readMnistDigits(10_000).filter(({ pixels }) => {
      try {
        checkPixelInk(pixels, 255, 28, 28);
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toHaveLength(0);
    const [digit] = readMnistDigits(1);
    expect(() => checkPixelInk(Array.from(digit!.pixels, (v) => v / 255), 1, 28, 28)).not.toThrow();
  });
});
