export type PromotionDecision =
  | { promote: true; to: 'production' }
  | { promote: true; to: 'canary'; percent: number }
  | { promote: false; reason: string };

/**
 * Promotes only a challenger whose accuracy on the trusted holdout (MNIST test digits, which
 * feedback never enters) is at least the champion's plus the margin. Feedback accuracy is not an
 * input: labels anyone may send cannot decide what serves.
 */
export function decidePromotion(
  champion: { trustedAccuracy: number },
  challenger: { trustedAccuracy: number },
  policy: { margin: number; promoteTo: 'canary' | 'production'; canaryPercent: number },
): PromotionDecision {
  const needed = champion.trustedAccuracy + policy.margin;
  if (challenger.trustedAccuracy < needed) {
    return {
      promote: false,
      reason: `challenger accuracy ${challenger.trustedAccuracy.toFixed(4)} < champion ${champion.trustedAccuracy.toFixed(4)} + margin ${policy.margin} on the trusted holdout`,
    };
  }
  return policy.promoteTo === 'production' ? { promote: true, to: 'production' } : { promote: true, to: 'canary', percent: policy.canaryPercent };
}
