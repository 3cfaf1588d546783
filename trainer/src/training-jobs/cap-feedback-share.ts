/**
 * Keeps at most the share `maxShare` of a retraining set for feedback: of `feedback` (already in
 * a seeded random order), the first n such that n / (baseCount + n) ≤ maxShare. However much
 * feedback arrives, the trusted data stays the larger part of what the challenger learns from.
 */
export function capFeedbackShare<T>(feedback: readonly T[], baseCount: number, maxShare: number): { kept: T[]; dropped: number } {
  if (!(maxShare >= 0 && maxShare < 1)) throw new RangeError(`maxShare must be in [0, 1), got ${maxShare}`);
  const allowed = Math.floor((maxShare * baseCount) / (1 - maxShare) + 1e-9);
  const kept = feedback.slice(0, allowed);
  return { kept, dropped: feedback.length - kept.length };
}
