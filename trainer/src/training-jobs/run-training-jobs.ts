import { setTimeout as sleep } from 'node:timers/promises';
import { claimNextTrainingJob } from './claim-next-training-job.ts';
import { runTrainingJob, type RunTrainingJobParams, type TrainingJobOutcome } from './run-training-job.ts';

export interface RunTrainingJobsParams extends Omit<RunTrainingJobParams, 'job'> {
  /** Keep looking for jobs every `intervalSeconds` until `signal` aborts; otherwise run at most one. */
  watch?: boolean;
  intervalSeconds?: number;
  /** While idle, each look waits twice the last, up to this (default `intervalSeconds`: no back-off); a job resets it. */
  maxIntervalSeconds?: number;
  /** A line when a job is claimed and one when it ends (default `log`); `log` has the training's own lines. */
  jobLog?: (line: string) => void;
}

export interface TrainingJobRun {
  jobId: string;
  outcome: TrainingJobOutcome;
}

/**
 * The runner: claims the oldest queued training job and runs it; once, or with `watch` until
 * `signal` aborts (a failed or cancelled job is recorded, a worker that cannot be reached is tried
 * again, and the loop goes on). The runner's stop ends between jobs, or gives the current one back
 * unpublished. Returns the jobs it ran.
 */
export async function runTrainingJobs(params: RunTrainingJobsParams): Promise<TrainingJobRun[]> {
  const log = params.jobLog ?? params.log ?? (() => {});
  const runs: TrainingJobRun[] = [];
  const interval = params.intervalSeconds ?? 5;
  let wait = interval;
  for (;;) {
    if (params.signal?.aborted) return runs;
    const job = await claimNextTrainingJob(params.client, params.lease).catch((error: unknown) => {
      if (!params.watch) throw error;
      log(`cannot claim a job (${error instanceof Error ? error.message : String(error)}); trying again`);
      return null;
    });
    if (job) {
      log(`claimed job ${job.id} (${job.request.task} ${job.request.model} on ${job.request.dataset}, owner ${job.owner}) as ${params.lease.owner}`);
      const outcome = await runTrainingJob({ ...params, job });
      runs.push({ jobId: job.id, outcome });
      log(`job ${job.id}: ${describe(outcome)}`);
      if (outcome.status === 'stopped' && outcome.reason.kind === 'runner-stopped') return runs;
      wait = interval;
    } else if (params.watch) {
      await sleep(wait * 1000, undefined, { signal: params.signal }).catch(() => {});
      wait = Math.min(wait * 2, Math.max(interval, params.maxIntervalSeconds ?? interval));
    }
    if (!params.watch) return runs;
  }
}

function describe(outcome: TrainingJobOutcome): string {
  if (outcome.status === 'succeeded') {
    const result = outcome.job.result;
    return `succeeded: ${outcome.job.request.model}@${result?.version ?? '?'} on ${result?.channel ?? 'none'}`;
  }
  if (outcome.status === 'failed') return `failed: ${outcome.error.code}: ${outcome.error.message}`;
  return `stopped (${outcome.reason.kind})${outcome.released ? ', lease released' : ''}`;
}
