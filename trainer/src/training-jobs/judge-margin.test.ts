import { describe, expect, it } from 'vitest';
import { judgeMargin } from './judge-margin.ts';

describe('judgeMargin', () => {
  it('promotes a challenger at or above the champion plus the margin', () => {
    expect(judgeMargin(0.9, 0.91, 0.01)).toEqual({ promote: true });
    expect(judgeMargin(0.9, 0.95, 0)).toEqual({ promote: true });
  });

  it('refuses a challenger short of the margin, saying by how much', () => {
    expect(judgeMargin(0.9, 0.905, 0.01)).toMatchObject({ promote: false, reason: expect.stringMatching(/0\.9050 is below the champion's 0\.9000 \+ margin 0\.01/) });
    expect(judgeMargin(0.9, 0.95, 1).promote).toBe(false);
  });
});
