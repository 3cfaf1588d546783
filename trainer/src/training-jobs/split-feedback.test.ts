import { describe, expect, it } from 'vitest';
import { splitFeedback } from './split-feedback.ts';

describe('splitFeedback', () => {
  const examples = Array.from({ length: 20 }, (_, i) => ({ pixels: [i], label: i % 10 }));

  it('holds out the given share, every example on exactly one side', () => {
    const { train, holdout } = splitFeedback(examples, 0.25, 7);
    expect(holdout).toHaveLength(5);
    expect(train).toHaveLength(15);
    expect(new Set([...train, ...holdout])).toEqual(new Set(examples));
  });

  it('is the same split for the same seed and a different one for another seed', () => {
    const ids = (seed: number) => splitFeedback(examples, 0.5, seed).holdout.map((e) => e.pixels[0]);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(7)).not.toEqual(ids(8));
  });
});
