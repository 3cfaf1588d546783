import { describe, expect, it } from 'vitest';
import { normalizePixels } from './normalize-pixels.ts';
import { catchInputError } from './testdata/catch-input-error.ts';

const params = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 } as const;

describe('normalizePixels', () => {
  it('computes (v / scale − mean) / std for bytes and for unit values alike', () => {
    const fromBytes = normalizePixels(Uint8Array.from([0, 255, 51]), 255, params);
    const fromUnits = normalizePixels([0, 1, 0.2], 1, params);
    const expected = [-0.1307 / 0.3081, (1 - 0.1307) / 0.3081, (0.2 - 0.1307) / 0.3081];
    expected.forEach((value, i) => {
      expect(fromBytes[i]).toBeCloseTo(value, 5);
      expect(fromUnits[i]).toBeCloseTo(value, 5);
    });
  });

  it('rejects values that are not finite numbers, naming the first bad index', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const error = catchInputError(() => normalizePixels([0, 0.5, bad, Number.NaN], 1, params));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toMatchObject({ index: 2 });
    }
  });

  it('rejects values outside [0, scale]', () => {
    expect(catchInputError(() => normalizePixels([0.5, -0.01], 1, params)).details).toMatchObject({ index: 1, max: 1 });
    expect(catchInputError(() => normalizePixels([1.5], 1, params)).details).toMatchObject({ index: 0, value: 1.5 });
    expect(catchInputError(() => normalizePixels([255, 256], 255, params)).details).toMatchObject({ index: 1, max: 255 });
    expect(normalizePixels([255], 255, params)).toHaveLength(1);
  });
});
