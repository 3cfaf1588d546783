export type PromotionDecision =
  | { promote: true; to: 'production' }
  | { promote: true; to: 'canary'; percent: number }
  | { promote: false; reason: string };

/** Promotes only a challenger whose holdout accuracy is at least the champion's plus the margin. */
export function decidePromotion(
  champion: { accuracy: number },
  challenger: { accuracy: number },
  policy: { margin: number; promoteTo: 'canary' | 'production'; canaryPercent: number },
): PromotionDecision {
  const needed = champion.accuracy + policy.margin;
  if (challenger.accuracy < needed) {
    return { promote: false, reason: `challenger accuracy ${challenger.accuracy.toFixed(4)} < champion ${champion.accuracy.toFixed(4)} + margin ${policy.margin}` };
  }
  return policy.promoteTo === 'production' ? { promote: true, to: 'production' } : { promote: true, to: 'canary', percent: policy.canaryPercent };
}
