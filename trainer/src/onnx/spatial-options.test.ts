import { describe, expect, it } from 'vitest';
import { samePads } from './spatial-options.ts';

describe('samePads', () => {
  it("pads like TF's 'same': out = ceil(in / stride), the odd pixel at the end", () => {
    expect(samePads(28, 3, 1)).toEqual([1, 1]);
    expect(samePads(12, 3, 2)).toEqual([0, 1]);
    expect(samePads(13, 3, 2)).toEqual([1, 1]);
    expect(samePads(6, 2, 2)).toEqual([0, 0]);
    expect(samePads(7, 2, 2)).toEqual([0, 1]);
    expect(samePads(5, 1, 4)).toEqual([0, 0]);
  });

  it('widens the kernel by the dilation', () => {
    expect(samePads(10, 3, 1, 2)).toEqual([2, 2]);
    expect(samePads(10, 2, 1, 3)).toEqual([1, 2]);
  });
});
