import { setTimeout as sleep } from 'node:timers/promises';
import { claimNextJob } from './claim-next-job.ts';
import { JobStopped } from './job-stopped.ts';
import { runRetrainJob, type RetrainJobOptions, type RetrainOutcome } from './run-retrain-job.ts';

export interface RunJobsOptions extends RetrainJobOptions {
  name: string;
  /** Keep polling for jobs every `intervalSeconds` until `signal` aborts; otherwise run at most one. */
  watch?: boolean;
  intervalSeconds?: number;
}

export interface JobRun {
  jobId: string;
  outcome: RetrainOutcome;
}

/**
 * The runner: claims the model's next claimable job and runs it; once, or with `watch` until
 * `signal` aborts (a failed job is recorded as failed and the loop goes on). An abort stops
 * between jobs, or gives the current one back unpublished (see `RetrainJobOptions.signal`).
 * Returns the jobs it ran to the end.
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
        // Told to stop: the job was given back (or its lease will lapse); take no other.
        if (error instanceof JobStopped) return runs;
        if (!options.watch) throw error;
        log(`job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      log(`no claimable job for ${options.name}${options.watch ? `; looking again in ${options.intervalSeconds ?? 60} s` : ''}`);
    }
    if (!options.watch) return runs;
    if (!job) await sleep((options.intervalSeconds ?? 60) * 1000, undefined, { signal: options.signal }).catch(() => {});
  }
}
