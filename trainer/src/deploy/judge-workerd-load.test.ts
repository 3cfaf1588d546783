import { describe, expect, it } from 'vitest';
import type { DeployBudgets } from './check-deployable.ts';
import { judgeWorkerdLoad } from './judge-workerd-load.ts';
import type { WorkerdColdStart, WorkerdLoad } from './measure-workerd-load.ts';

// The defaults checkDeployable applies: Cloudflare's 1 s start-up limit and a Worker isolate's 128 MiB.
const budgets: DeployBudgets = { maxModelBytes: 32 * 2 ** 20, maxUploadBytes: 64 * 2 ** 20, memoryMiB: 128, startupMs: 1000 };

// The small CNN's median cold start as check-deployable.test.ts measured it in local workerd on a busy 2-core machine.
const measured: WorkerdColdStart = {
  workerdReadyMs: 2726,
  firstPredictionMs: 641,
  firstPredictionCpuMs: 430,
  r2ReadMs: 2,
  wasmInstantiateMs: 5.5,
  sessionCreateMs: 357.5,
  loadRssMiB: 64.9,
  rssMiB: 175.7,
};

function load(median: Partial<WorkerdColdStart>): WorkerdLoad {
  const run = { ...measured, ...median };
  return { status: 200, runs: [run], median: run };
}

const statuses = (workerd: WorkerdLoad) => judgeWorkerdLoad(workerd, budgets, 1).map((check) => `${check.check} ${check.status}`);

describe('judgeWorkerdLoad', () => {
  it('passes a cold start within the 1 s start-up budget of CPU and fails one over it, saying what to shrink', () => {
    expect(statuses(load({}))).toEqual(['workerd-load pass', 'memory pass', 'startup pass']);
    const slow = judgeWorkerdLoad(load({ firstPredictionCpuMs: 1000.5, firstPredictionMs: 1200, sessionCreateMs: 900 }), budgets, 1);
    expect(slow.map((check) => `${check.check} ${check.status}`)).toEqual(['workerd-load pass', 'memory pass', 'startup fail']);
    expect(slow[2]!.message).toMatch(/1000\.5 ms of workerd's CPU \(1200 ms wall\).*session 900 ms.*over the 1000 ms budget: shrink the model or its session/);
  });

  it('judges by CPU time, not by the wall time a busy machine stretches', () => {
    expect(statuses(load({ firstPredictionCpuMs: 430, firstPredictionMs: 3000 }))).toContain('startup pass');
  });

  it('falls back on wall time where CPU time cannot be read', () => {
    expect(statuses(load({ firstPredictionCpuMs: Number.NaN, firstPredictionMs: 999 }))).toContain('startup pass');
    expect(statuses(load({ firstPredictionCpuMs: Number.NaN, firstPredictionMs: 1001 }))).toContain('startup fail');
  });

  it('fails memory over the isolate budget', () => {
    expect(statuses(load({ loadRssMiB: 129 }))).toEqual(['workerd-load pass', 'memory fail', 'startup pass']);
  });

  it('fails the load with the worker\'s error and measures nothing else', () => {
    const failed: WorkerdLoad = { status: 503, error: { code: 'golden_mismatch', message: 'outputs differ' }, runs: [], median: measured };
    const checks = judgeWorkerdLoad(failed, budgets, 1);
    expect(checks.map((check) => `${check.check} ${check.status}`)).toEqual(['workerd-load fail', 'memory skipped', 'startup skipped']);
    expect(checks[0]).toMatchObject({ figures: { status: 503, code: 'golden_mismatch' } });
  });
});
