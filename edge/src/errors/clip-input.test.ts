import { describe, expect, it } from 'vitest';
import { clipInput, MAX_ECHOED_CHARS } from './clip-input.ts';

describe('clipInput', () => {
  it('keeps a short value whole', () => {
    expect(clipInput('mnist')).toBe('mnist');
    expect(clipInput('x'.repeat(MAX_ECHOED_CHARS))).toBe('x'.repeat(MAX_ECHOED_CHARS));
  });

  it(`cuts a long value to ${MAX_ECHOED_CHARS} characters ending in an ellipsis`, () => {
    const clipped = clipInput('a'.repeat(5000));
    expect(Array.from(clipped)).toHaveLength(MAX_ECHOED_CHARS);
    expect(clipped.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair, and quotes non-strings', () => {
    const clipped = clipInput('😀'.repeat(100), 4);
    expect(clipped).toBe('😀😀😀…');
    expect(clipInput(12)).toBe('12');
  });
});
