import { setTimeout as sleep } from 'node:timers/promises';
import { claimNextJob } from './claim-next-job.ts';
import { runRetrainJob, type RetrainJobOptions, type RetrainOutcome } from './run-retrain-job.ts';

export interface RunJobsOptions extends RetrainJobOptions {
  name: string;
  /** Keep polling for jobs every `intervalSeconds` until `signal` aborts; otherwise run at most one. */
  watch?: boolean;
  intervalSeconds?: number;
  signal?: AbortSignal;
}

export interface JobRun {
  jobId: string;
  outcome: RetrainOutcome;
}

/**
 * The runner: claims the model's next claimable job and runs it; once, or with `watch` forever
 * (a failed job is recorded as failed and the loop goes on). Returns the jobs it ran.
 */
export async function runJobs(options: RunJobsOptions): Promise<JobRun[]> {
  const log = options.log ?? (() => {});
  const runs: JobRun[] = [];
  for (;;) {
    if (options.signal?.aborted) return runs;
    const job = await claimNextJob(options.client, options.name, options.lease);
    if (job) {
      log(`claimed job ${job.id} (${job.reason}; production ${job.evaluation.version} at ${job.evaluation.accuracy ?? 'n/a'} on ${job.evaluation.examples} examples) as ${options.lease.owner}`);
      try {
        runs.push({ jobId: job.id, outcome: await runRetrainJob(job, options) });
      } catch (error) {
        if (!options.watch) throw error;
        log(`job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if (!options.watch) {
      log(`no claimable job for ${options.name}`);
    }
    if (!options.watch) return runs;
    if (!job) await sleep((options.intervalSeconds ?? 60) * 1000, undefined, { signal: options.signal }).catch(() => {});
  }
}
