import { describe, expect, it } from 'vitest';
import { capFeedbackShare } from './cap-feedback-share.ts';

describe('capFeedbackShare', () => {
  const feedback = Array.from({ length: 10_000 }, (_, i) => i);

  it('keeps feedback at most the given share of the whole set', () => {
    const { kept, dropped } = capFeedbackShare(feedback, 2_000, 0.2);
    expect(kept).toHaveLength(500);
    expect(kept.length / (2_000 + kept.length)).toBeLessThanOrEqual(0.2);
    expect(dropped).toBe(9_500);
    expect(kept).toEqual(feedback.slice(0, 500));
  });

  it('keeps all of a small amount, none at share 0, and refuses a share of 1 or more', () => {
    expect(capFeedbackShare(feedback.slice(0, 10), 2_000, 0.2)).toEqual({ kept: feedback.slice(0, 10), dropped: 0 });
    expect(capFeedbackShare(feedback, 2_000, 0).kept).toEqual([]);
    expect(() => capFeedbackShare(feedback, 2_000, 1)).toThrow(RangeError);
  });
});
