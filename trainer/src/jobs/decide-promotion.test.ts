import { describe, expect, it } from 'vitest';
import { decidePromotion } from './decide-promotion.ts';

const canary = { margin: 0.01, promoteTo: 'canary' as const, canaryPercent: 20 };

describe('decidePromotion', () => {
  it('promotes a challenger that beats the champion by at least the margin, to the configured channel', () => {
    expect(decidePromotion({ trustedAccuracy: 0.9 }, { trustedAccuracy: 0.91 }, canary)).toEqual({ promote: true, to: 'canary', percent: 20 });
    expect(decidePromotion({ trustedAccuracy: 0.9 }, { trustedAccuracy: 0.95 }, { ...canary, promoteTo: 'production' })).toEqual({ promote: true, to: 'production' });
  });

  it('rejects a challenger short of the margin, saying by how much', () => {
    const decision = decidePromotion({ trustedAccuracy: 0.9 }, { trustedAccuracy: 0.905 }, canary);
    expect(decision).toMatchObject({ promote: false, reason: expect.stringMatching(/0\.9050 < champion 0\.9000 \+ margin 0\.01/) });
  });

  it('promotes a slightly worse challenger under a negative margin', () => {
    expect(decidePromotion({ trustedAccuracy: 0.9 }, { trustedAccuracy: 0.85 }, { ...canary, margin: -0.1 }).promote).toBe(true);
  });
});
