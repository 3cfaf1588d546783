import { describe, expect, it } from 'vitest';
import { compareGoldenOutputs } from './compare-golden-outputs.ts';
import { decodeFloat32Base64, encodeFloat32Base64 } from './float32-base64.ts';

const tolerance = { absolute: 1e-4, relative: 1e-3 };

describe('compareGoldenOutputs', () => {
  it('passes outputs within absolute + relative tolerance and reports the largest difference', () => {
    const expected = new Float32Array([0.1, 0.9, 100]);
    // 100 may move by 1e-4 + 0.1; 0.1 only by 1e-4 + 1e-4.
    const result = compareGoldenOutputs(expected, new Float32Array([0.10015, 0.9, 100.09]), tolerance);
    expect(result.ok).toBe(true);
    expect(result.mismatches).toBe(0);
    expect(result.maxAbsDiff).toBeCloseTo(0.09, 4);
  });

  it('fails a value beyond its tolerance and points at it', () => {
    const result = compareGoldenOutputs(new Float32Array([0.1, 0.9, 100]), new Float32Array([0.1, 0.9012, 100.09]), tolerance);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toBe(1);
    expect(result.worstIndex).toBe(1);
    expect(result.maxAbsDiff).toBeCloseTo(0.09, 4);
  });

  it('fails NaN outputs and outputs of another length', () => {
    const nan = compareGoldenOutputs(new Float32Array([1, 2]), new Float32Array([1, Number.NaN]), tolerance);
    expect(nan).toMatchObject({ ok: false, maxAbsDiff: Infinity, worstIndex: 1, mismatches: 1 });
    const short = compareGoldenOutputs(new Float32Array([1, 2]), new Float32Array([1]), tolerance);
    expect(short).toMatchObject({ ok: false, maxAbsDiff: Infinity });
  });

  it('passes identical outputs with a zero tolerance', () => {
    const values = new Float32Array([0, -1.5, 3e-8]);
    expect(compareGoldenOutputs(values, values.slice(), { absolute: 0, relative: 0 }).ok).toBe(true);
  });
});

describe('float32 base64', () => {
  it('round-trips float32 values exactly, large tensors included', () => {
    const values = Float32Array.from({ length: 70_000 }, (_, i) => Math.fround(Math.sin(i) * 1e3) / 7);
    expect(decodeFloat32Base64(encodeFloat32Base64(values))).toEqual(values);
  });

  it('refuses bytes that are not whole float32 values', () => {
    expect(() => decodeFloat32Base64(btoa('abc'))).toThrow(/float32/);
  });
});
