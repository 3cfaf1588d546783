import { describe, expect, it } from 'vitest';
import type { InkComponent } from './label-components.ts';
import { selectDigitComponents } from './select-digit-components.ts';

const component = (label: number, box: { left: number; top: number; right: number; bottom: number }, pixels: number): InkComponent => ({
  label, pixels, mass: pixels, peak: 1, atEdge: false, ...box,
});

describe('selectDigitComponents', () => {
  // A 400 × 300 photo: a paper edge's line down 80% of its height, heavier than the small digit beside it.
  const edgeLine = component(1, { left: 360, top: 30, right: 364, bottom: 270 }, 1200);
  const digit = component(2, { left: 100, top: 100, right: 160, bottom: 180 }, 700);

  it("takes the digit, not a paper edge's line across most of the frame, however heavy", () => {
    expect(selectDigitComponents([edgeLine, digit], 400, 300, 0.5)).toEqual([digit]);
  });

  it('keeps a long thin stroke when nothing else is there (a large "1" on a canvas)', () => {
    expect(selectDigitComponents([edgeLine], 400, 300, 0.5)).toEqual([edgeLine]);
  });

  it('takes the digit, not a heavier filled blob (the table beyond a paper edge, a shadow patch)', () => {
    const table = component(3, { left: 300, top: 20, right: 360, bottom: 100 }, 61 * 81);
    expect(selectDigitComponents([table, digit], 400, 300, 0.5)).toEqual([digit]);
  });

  it('takes the digit inside the frame, not a heavier piece touching its edge (a dark corner), and leaves that piece out', () => {
    const corner = { ...component(4, { left: 0, top: 0, right: 70, bottom: 60 }, 1500), atEdge: true };
    const piece = { ...component(5, { left: 150, top: 150, right: 170, bottom: 190 }, 100), atEdge: false };
    const edgePiece = { ...component(6, { left: 150, top: 181, right: 199, bottom: 200 }, 100), atEdge: true };
    expect(selectDigitComponents([corner, digit, piece, edgePiece], 400, 300, 0.5)).toEqual([digit, piece]);
  });
});
