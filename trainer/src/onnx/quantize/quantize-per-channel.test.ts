import { describe, expect, it } from 'vitest';
import { quantizePerChannel } from './quantize-per-channel.ts';

describe('quantizePerChannel', () => {
  it('scales each output channel by its own max |w| / 127 along axis 0 (Conv [out, in, kh, kw])', () => {
    // Two output channels of [1, 1, 2]: channel 0 spans ±1.27, channel 1 ±0.127.
    const values = Float32Array.from([1.27, -0.5, 0.127, -0.0642]);
    const q = quantizePerChannel(values, [2, 1, 1, 2], 0);
    expect([...q.scales].map((s) => +s.toFixed(6))).toEqual([0.01, 0.001]);
    expect([...q.values]).toEqual([127, -50, 127, -64]);
  });

  it('uses the last axis for a Gemm weight [in, out] and keeps zeros exact', () => {
    const values = Float32Array.from([0, 2, -4, 0, 1, 0]); // [3, 2]: column 0 = 0, -4, 1; column 1 = 2, 0, 0
    const q = quantizePerChannel(values, [3, 2], 1);
    expect([...q.scales]).toEqual([4 / 127, 2 / 127].map(Math.fround));
    expect([...q.values]).toEqual([0, 127, -127, 0, 32, 0]);
  });

  it('reconstructs every weight to within half a step and gives an all-zero channel scale 1', () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => (i < 16 ? 0 : Math.sin(i * 1.7) * (1 + (i % 4))));
    const q = quantizePerChannel(values, [4, 16], 0);
    expect(q.scales[0]).toBe(1);
    for (let i = 0; i < values.length; i++) {
      const channel = Math.floor(i / 16);
      expect(Math.abs(q.values[i]! * q.scales[channel]! - values[i]!)).toBeLessThanOrEqual(q.scales[channel]! / 2 + 1e-7);
    }
  });

  it('rejects an axis outside the dims', () => {
    expect(() => quantizePerChannel(new Float32Array(4), [2, 2], 2)).toThrow(RangeError);
  });
});
