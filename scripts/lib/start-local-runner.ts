import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { runTrainingJobs } from '@edgeml/trainer/training-jobs/run-training-jobs';
import { TrainingApiClient } from '@edgeml/trainer/training-jobs/training-api-client';

/**
 * `npm start`'s local runner: once the worker answers, runs the training API's jobs on this
 * machine's CPU as `trainer jobs run --watch` does, with the admin token from `.dev.vars`, one
 * line per job, looking less often while there is none. Stops (giving an unfinished job back) when `signal` aborts.
 */
export async function startLocalRunner(params: { endpoint: string; devVars: string; persistTo: string; signal: AbortSignal; log: (line: string) => void }): Promise<void> {
  const token = (await readFile(params.devVars, 'utf8')).match(/^\s*(?:export\s+)?ADMIN_TOKEN\s*=\s*(.+?)\s*$/m)?.[1];
  if (!token) return params.log(`no ADMIN_TOKEN in ${params.devVars}: the local runner does not start`);
  while (!params.signal.aborted && !(await fetch(new URL('/healthz', params.endpoint)).then((r) => r.ok, () => false))) await sleep(1000);
  params.log('runs training jobs (POST /v1/training/jobs) on this machine\'s CPU');
  await runTrainingJobs({
    client: new TrainingApiClient(params.endpoint, token),
    admin: new AdminApiClient(params.endpoint, token),
    lease: { owner: 'npm-start', leaseSeconds: 120 },
    // A retrain job (the cron's) reads its feedback from the R2 state the dev server serves.
    openStore: () => openLocalR2Store({ persistTo: params.persistTo }),
    watch: true,
    // Each look is a request in the dev server's log: 5 s after a job, backing off to 30 s while idle.
    intervalSeconds: 5,
    maxIntervalSeconds: 30,
    signal: params.signal,
    jobLog: params.log,
  });
}
