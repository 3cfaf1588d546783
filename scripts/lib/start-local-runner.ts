import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { runTrainingJobs } from '@edgeml/trainer/training-jobs/run-training-jobs';
import { TrainingApiClient } from '@edgeml/trainer/training-jobs/training-api-client';

/**
 * `npm start`'s local runner: once the worker answers, runs the training API's jobs on this
 * machine's CPU as `trainer jobs run --watch` does, with the admin token from `.dev.vars`, one
 * line per job. Stops (giving an unfinished job back) when `signal` aborts.
 */
export async function startLocalRunner(params: { endpoint: string; devVars: string; signal: AbortSignal; log: (line: string) => void }): Promise<void> {
  const token = (await readFile(params.devVars, 'utf8')).match(/^\s*(?:export\s+)?ADMIN_TOKEN\s*=\s*(.+?)\s*$/m)?.[1];
  if (!token) return params.log(`no ADMIN_TOKEN in ${params.devVars}: the local runner does not start`);
  while (!params.signal.aborted && !(await fetch(new URL('/healthz', params.endpoint)).then((r) => r.ok, () => false))) await sleep(1000);
  params.log('runs training jobs (POST /v1/training/jobs) on this machine\'s CPU');
  await runTrainingJobs({
    client: new TrainingApiClient(params.endpoint, token),
    admin: new AdminApiClient(params.endpoint, token),
    lease: { owner: 'npm-start', leaseSeconds: 120 },
    watch: true,
    intervalSeconds: 5,
    signal: params.signal,
    jobLog: params.log,
  });
}
