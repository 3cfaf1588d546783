import { describe, expect, it } from 'vitest';
import { eraseRuledLines } from './erase-ruled-lines.ts';

const [width, height] = [200, 150];

/** A sheet's mask and ink: lines askew by `slope` every 30 rows at level 0.3, 2 px thick. */
function ruledSheet(slope: number): { mask: Uint8Array; ink: Float32Array; set: (x: number, y: number, level: number) => void } {
  const mask = new Uint8Array(width * height);
  const ink = new Float32Array(width * height);
  const set = (x: number, y: number, level: number) => {
    mask[y * width + x] = 1;
    ink[y * width + x] = Math.max(ink[y * width + x]!, level);
  };
  for (let line = 15; line < height; line += 30) {
    for (let x = 0; x < width; x++) {
      const y = Math.round(line + slope * x);
      for (const row of [y, y + 1]) if (row >= 0 && row < height) set(x, row, 0.3);
    }
  }
  return { mask, ink, set };
}

describe('eraseRuledLines', () => {
  it.each([0, 0.05, -0.07])('clears ruled lines askew by %s, keeping a stroke that crosses one and a bar written along another', (slope) => {
    const { mask, ink, set } = ruledSheet(slope);
    // A vertical stroke across the line at row 45 (x 100), a bar along the line at row 75 (x 60-90).
    for (let y = 30; y < 65; y++) for (let x = 99; x <= 101; x++) set(x, y, 0.9);
    for (let x = 60; x <= 90; x++) for (const dy of [0, 1]) set(x, Math.round(75 + slope * x) + dy, 0.9);
    eraseRuledLines(mask, ink, width, height);
    const lineY = (x: number, line: number) => Math.round(line + slope * x);
    // The lines are gone away from the strokes ...
    for (const x of [10, 50, 150, 190]) for (const line of [45, 75, 105]) expect(mask[lineY(x, line) * width + x]).toBe(0);
    // ... the stroke is whole where it crosses, and the bar is kept.
    for (let y = 30; y < 65; y++) expect(mask[y * width + 100]).toBe(1);
    for (let x = 60; x <= 90; x++) expect(mask[lineY(x, 75) * width + x]).toBe(1);
  });

  it('leaves a band wider than a line (the table beyond a paper edge) whole', () => {
    const { mask, ink, set } = ruledSheet(0);
    for (let y = 130; y < height; y++) for (let x = 0; x < width; x++) set(x, y, 0.6);
    eraseRuledLines(mask, ink, width, height);
    expect(mask.subarray(130 * width).every((v) => v === 1)).toBe(true);
    expect(mask[45 * width + 10]).toBe(0);
  });

  // The search is skipped when no band could be a line (mayHoldLine): these must still be found.
  it('clears a line along the frame\'s first row of a 28 × 28 image, and leaves a digit alone', () => {
    const [w, h] = [28, 28];
    const mask = new Uint8Array(w * h);
    const ink = new Float32Array(w * h);
    for (let y = 6; y < 22; y++) for (let x = 13; x <= 14; x++) [mask[y * w + x], ink[y * w + x]] = [1, 0.9];
    const digitOnly = mask.slice();
    eraseRuledLines(mask, ink, w, h);
    expect(mask).toEqual(digitOnly);
    for (let x = 0; x < w; x++) [mask[x], ink[x]] = [1, 0.3];
    eraseRuledLines(mask, ink, w, h);
    expect(mask).toEqual(digitOnly);
  });

  it('clears a short askew line that leaves through the top near a corner', () => {
    const mask = new Uint8Array(width * height);
    const ink = new Float32Array(width * height);
    const set = (x: number, y: number, level: number) => [mask[y * width + x], ink[y * width + x]] = [1, level];
    for (let y = 40; y < 110; y++) for (let x = 99; x <= 101; x++) set(x, y, 0.9);
    const digitOnly = mask.slice();
    // y = 5 − 0.08 x for x up to 68: inside the image for 69 of its 200 positions.
    for (let x = 0; x < width; x++) {
      const y = Math.round(5 - 0.08 * x);
      if (y >= 0) set(x, y, 0.3);
    }
    eraseRuledLines(mask, ink, width, height);
    expect(mask).toEqual(digitOnly);
  });
});
