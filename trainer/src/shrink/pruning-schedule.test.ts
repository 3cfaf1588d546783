import { describe, expect, it } from 'vitest';
import { pruningSchedule } from './pruning-schedule.ts';

describe('pruningSchedule', () => {
  it('prunes once, before fine-tuning, in one shot', () => {
    expect([...pruningSchedule({ kind: 'one-shot', target: 0.6, totalSteps: 100 })]).toEqual([[0, 0.6]]);
  });

  it('ramps up cubically to the target over the first three quarters of a gradual run', () => {
    const schedule = [...pruningSchedule({ kind: 'gradual', target: 0.8, totalSteps: 101, pruningEvents: 5 })];
    expect(schedule.map(([step]) => step)).toEqual([0, 19, 38, 56, 75]);
    const sparsities = schedule.map(([, s]) => s);
    expect(sparsities.at(-1)).toBeCloseTo(0.8, 10);
    expect(sparsities[0]).toBeCloseTo(0.8 * (1 - 0.8 ** 3), 10);
    for (let i = 1; i < sparsities.length; i++) expect(sparsities[i]).toBeGreaterThan(sparsities[i - 1]!);
    // Cubic: the steps shrink as the target nears.
    expect(sparsities[1]! - sparsities[0]!).toBeGreaterThan(sparsities[4]! - sparsities[3]!);
  });

  it('falls back to one shot without steps to spread over', () => {
    expect([...pruningSchedule({ kind: 'gradual', target: 0.5, totalSteps: 0 })]).toEqual([[0, 0.5]]);
  });
});
