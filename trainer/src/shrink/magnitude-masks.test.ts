import { describe, expect, it } from 'vitest';
import { magnitudeMasks } from './magnitude-masks.ts';

const zeros = (mask: Uint8Array): number => mask.reduce((n, keep) => n + (keep ? 0 : 1), 0);

describe('magnitudeMasks', () => {
  const small = Float32Array.from([0.5, -0.1, 0.3, -0.9]);
  const large = Float32Array.from([0.05, 0.2, -0.6, 0.7, -0.01, 0.4, 0.8, -0.35]);

  it('prunes the smallest magnitudes of each tensor separately with the layer scope', () => {
    const [a, b] = magnitudeMasks([small, large], 0.5, 'layer');
    expect([...a!]).toEqual([1, 0, 0, 1]);
    expect([...b!]).toEqual([0, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('uses one threshold across tensors with the global scope', () => {
    const [a, b] = magnitudeMasks([small, large], 0.5, 'global');
    expect(zeros(a!) + zeros(b!)).toBe(6);
    // Kept: 0.5, -0.9 | -0.6, 0.7, 0.4, 0.8: the six largest of twelve.
    expect([...a!]).toEqual([1, 0, 0, 1]);
    expect([...b!]).toEqual([0, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('prunes exactly round(sparsity · n) weights when magnitudes tie', () => {
    const tied = new Float32Array(10).fill(0.25);
    const [mask] = magnitudeMasks([tied], 0.3, 'layer');
    expect(zeros(mask!)).toBe(3);
  });

  it('keeps everything at sparsity 0 and rejects sparsity 1', () => {
    expect([...magnitudeMasks([small], 0, 'layer')[0]!]).toEqual([1, 1, 1, 1]);
    expect(() => magnitudeMasks([small], 1, 'layer')).toThrow(/sparsity/);
  });
});
