export type MarginDecision = { promote: true } | { promote: false; reason: string };

/**
 * The champion/challenger rule: promote only a challenger whose accuracy is at least the
 * champion's plus the margin, both measured on the same examples (the job's test split, which
 * feedback never enters). Feedback accuracy is not an input: labels anyone may send cannot decide
 * what serves.
 */
export function judgeMargin(champion: number, challenger: number, margin: number): MarginDecision {
  if (challenger >= champion + margin) return { promote: true };
  return { promote: false, reason: `test accuracy ${challenger.toFixed(4)} is below the champion's ${champion.toFixed(4)} + margin ${margin} on the same test split` };
}
