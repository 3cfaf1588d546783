import { TrainerError } from '../errors.ts';

export type PruningScheduleKind = 'one-shot' | 'gradual';

export interface PruningScheduleOptions {
  kind: PruningScheduleKind;
  /** Final sparsity. */
  target: number;
  /** Fine-tuning steps in all. */
  totalSteps: number;
  /** Gradual: how many times the masks are recomputed (default 10). */
  pruningEvents?: number;
}

/** Share of fine-tuning left to recover after the last gradual pruning event. */
const RECOVERY_SHARE = 0.25;

/**
 * When to (re)compute masks and to what sparsity, by global step (0 = before the first update).
 * One shot prunes to the target before fine-tuning. Gradual follows Zhu & Gupta's cubic ramp
 * s_k = s_f · (1 − (1 − k/n)³) over n evenly spaced events in the first 3/4 of fine-tuning, pruning
 * fast while many redundant weights remain and gently near the target.
 */
export function pruningSchedule(options: PruningScheduleOptions): Map<number, number> {
  const { kind, target, totalSteps } = options;
  if (!(target >= 0 && target < 1)) throw new TrainerError('invalid_argument', `sparsity must be in [0, 1), got ${target}`);
  const events = Math.max(1, Math.floor(options.pruningEvents ?? 10));
  if (kind === 'one-shot' || totalSteps <= 1 || events === 1) return new Map([[0, target]]);
  const lastStep = Math.max(1, Math.floor((totalSteps - 1) * (1 - RECOVERY_SHARE)));
  const schedule = new Map<number, number>();
  for (let k = 1; k <= events; k++) {
    const step = Math.round(((k - 1) / (events - 1)) * lastStep);
    schedule.set(step, target * (1 - (1 - k / events) ** 3));
  }
  return schedule;
}
