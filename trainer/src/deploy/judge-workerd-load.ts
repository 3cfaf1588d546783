import type { DeployBudgets, DeployCheckResult } from './check-deployable.ts';
import type { WorkerdLoad } from './measure-workerd-load.ts';

/** The checks a workerd load decides, against the budgets: it loaded (golden vectors passed), memory, start-up. */
export function judgeWorkerdLoad(workerd: WorkerdLoad, budgets: DeployBudgets, runs: number): DeployCheckResult[] {
  if (workerd.status !== 200) {
    const error = workerd.error;
    return [
      {
        check: 'workerd-load',
        status: 'fail',
        message: `the worker in workerd answered ${workerd.status}${error ? ` ${error.code}: ${error.message}` : ''} to the model's first prediction`,
        figures: { status: workerd.status, code: error?.code ?? null },
      },
      { check: 'memory', status: 'skipped', message: 'not measured: the model did not load', figures: {} },
      { check: 'startup', status: 'skipped', message: 'not measured: the model did not load', figures: {} },
    ];
  }
  const { median } = workerd;
  // The start-up figure is workerd's CPU time where it can be read: wall time on a shared machine
  // measures the neighbours too. Without /proc (macOS) it is the wall time, an upper bound.
  const cpu = !Number.isNaN(median.firstPredictionCpuMs);
  const startupMs = cpu ? median.firstPredictionCpuMs : median.firstPredictionMs;
  return [
    {
      check: 'workerd-load',
      status: 'pass',
      message: `the worker in workerd loaded the model, passed its golden vectors and answered 200 (${runs} fresh isolates)`,
      figures: { status: 200, runs },
    },
    {
      check: 'memory',
      status: median.loadRssMiB <= budgets.memoryMiB ? 'pass' : 'fail',
      message:
        `loading grew workerd's memory by ${median.loadRssMiB} MiB (ORT's WASM heap and the session; ${median.rssMiB} MiB in all), ` +
        (median.loadRssMiB <= budgets.memoryMiB ? `within ${budgets.memoryMiB} MiB` : `over the ${budgets.memoryMiB} MiB budget: shrink the model`),
      figures: { loadRssMiB: median.loadRssMiB, rssMiB: median.rssMiB, budgetMiB: budgets.memoryMiB },
    },
    {
      check: 'startup',
      status: startupMs <= budgets.startupMs ? 'pass' : 'fail',
      message:
        `cold start to first prediction ${startupMs} ms${cpu ? ` of workerd's CPU (${median.firstPredictionMs} ms wall)` : ''} (median of ${runs}: R2 ${median.r2ReadMs}, WASM ${median.wasmInstantiateMs}, session ${median.sessionCreateMs} ms; workerd itself ready in ${median.workerdReadyMs} ms), ` +
        (startupMs <= budgets.startupMs ? `within ${budgets.startupMs} ms` : `over the ${budgets.startupMs} ms budget: shrink the model or its session`),
      figures: { ...median },
    },
  ];
}
