import os from 'node:os';
import { deployGate } from '../deploy/deploy-gate.ts';
import { stopOnSignals } from '../jobs/stop-on-signals.ts';
import { AdminApiClient } from '../registry/admin-api-client.ts';
import { parseBackendName } from '../tf.ts';
import { runTrainingJobs } from '../training-jobs/run-training-jobs.ts';
import { TrainingApiClient } from '../training-jobs/training-api-client.ts';
import { BACKEND_FLAG } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';
import { WORKER_FLAGS, workerEndpoint, workerToken } from './worker-flags.ts';

export const jobsCommand = defineCommand({
  name: 'jobs run',
  description: `Runs the training API's jobs (POST /v1/training/jobs): claims the oldest queued job with a
lease (the worker's etag decides, so runners never take the same job), downloads its dataset
(built-ins from the npm packages; uploads checked against their sha256), trains it on the best
backend here, reports every epoch (loss, accuracy, validation, learning rate, samples/s, ETA),
which renews the lease, and stops at the next batch when the job is cancelled. Then int8 when
asked, the deployability check, publishing through the admin API, promotion as the job says
(canary with its share, production, or none) when it beats the champion by the job's margin, and
the job completed with its version, metrics and report; a failure completes it failed with a code.

Environment (each non-secret one also a flag, the flag winning):
  EDGEML_ENDPOINT       --endpoint URL     the worker, default http://127.0.0.1:8787
  EDGEML_TOKEN          the bearer token: claims and reports jobs, and publishes, so the admin
                        token or one the worker lets do both; ADMIN_TOKEN is read when it is unset
                        (--token-env VAR reads VAR instead)
  EDGEML_TF_BACKEND     --backend`,
  flags: {
    ...WORKER_FLAGS,
    watch: { type: 'boolean', help: 'keep looking for jobs until stopped' },
    interval: { ...integerFlag(1), default: 5, placeholder: 'S', help: 'seconds between looks with --watch' },
    owner: { type: 'string', placeholder: 'NAME', help: 'the name this runner leases jobs under (default <host>-<pid>)' },
    lease: { ...integerFlag(5, 3600), default: 120, placeholder: 'S', help: 'lease length in seconds, renewed while training' },
    'skip-deploy-check': { type: 'boolean', help: 'publish without `trainer check-deployable`\'s checks first' },
    backend: BACKEND_FLAG,
  },
  epilog: `Stopping: the first SIGTERM or SIGINT stops cleanly: between jobs at once; during training the job
is given back to the queue (lease released, nothing published); once publishing has started the
job is finished first. Exit status: 0 done, 1 a usage or configuration mistake, 2 an internal
fault, 130 (SIGINT) or 143 (SIGTERM) after a clean stop. A second signal exits at once.`,
  async run(values, env) {
    const endpoint = workerEndpoint(values.endpoint, env);
    const token = workerToken(env, values['token-env'], ['EDGEML_TOKEN', 'ADMIN_TOKEN'], 'token');
    const log = (line: string) => console.error(`trainer jobs: ${line}`);
    const stop = stopOnSignals(log);
    try {
      const runs = await runTrainingJobs({
        client: new TrainingApiClient(endpoint, token),
        admin: new AdminApiClient(endpoint, token),
        lease: { owner: values.owner ?? `${os.hostname()}-${process.pid}`, leaseSeconds: values.lease },
        backend: parseBackendName(values.backend ?? env.EDGEML_TF_BACKEND ?? 'auto'),
        gate: values['skip-deploy-check'] ? undefined : deployGate({ log }),
        watch: values.watch,
        intervalSeconds: values.interval,
        signal: stop.signal,
        log,
      });
      for (const run of runs) console.log(JSON.stringify({ job: run.jobId, ...run.outcome }));
      if (stop.exitCode !== undefined) {
        log(`stopped cleanly on ${stop.received}`);
        return stop.exitCode;
      }
      if (runs.length === 0) log('no queued training job');
    } finally {
      stop.dispose();
    }
  },
});
