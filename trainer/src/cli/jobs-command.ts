import os from 'node:os';
import { deployGate } from '../deploy/deploy-gate.ts';
import { stopOnSignals } from '../training-jobs/stop-on-signals.ts';
import { AdminApiClient } from '../registry/admin-api-client.ts';
import { parseBackendName } from '../tf.ts';
import { runTrainingJobs } from '../training-jobs/run-training-jobs.ts';
import { TrainingApiClient } from '../training-jobs/training-api-client.ts';
import { BACKEND_FLAG, STORE_FLAGS } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';
import { openStore } from './open-store.ts';
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
The margin compares the new version's test accuracy with the serving champion's, scored through
the worker's predict route on the same test split. A retrain job (queued by the worker's cron)
also trains on the model's recent feedback, read from the bucket (--target: local, or r2 for the
bucket the worker's MODELS binding serves): half held out, the rest capped at the retrain
policy's maxFeedbackShare of the training set, and the flips the champion suspects reported.

Environment (each non-secret one also a flag, the flag winning):
  EDGEML_ENDPOINT       --endpoint URL     the worker, default http://127.0.0.1:8787
  EDGEML_TOKEN          the bearer token: claims and reports jobs, and publishes, so the admin
                        token or one the worker lets do both; ADMIN_TOKEN is read when it is unset
                        (--token-env VAR reads VAR instead)
  EDGEML_TF_BACKEND     --backend
  R2_ENDPOINT           --r2-endpoint URL  https://<account id>.r2.cloudflarestorage.com (or R2_ACCOUNT_ID)
  R2_BUCKET             --bucket NAME      with --target r2
  R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY   an R2 API token's S3 keys (read-only suffices), with --target r2`,
  flags: {
    ...WORKER_FLAGS,
    ...STORE_FLAGS,
    'r2-endpoint': { type: 'string', placeholder: 'URL', help: 'R2\'s S3 endpoint (default $R2_ENDPOINT)' },
    bucket: { type: 'string', placeholder: 'NAME', help: 'the R2 bucket (default $R2_BUCKET)' },
    watch: { type: 'boolean', help: 'keep looking for jobs until stopped' },
    interval: { ...integerFlag(1), default: 5, placeholder: 'S', help: 'seconds between looks with --watch' },
    owner: { type: 'string', placeholder: 'NAME', help: 'the name this runner leases jobs under (default <host>-<pid>)' },
    lease: { ...integerFlag(5, 3600), default: 120, placeholder: 'S', help: 'lease length in seconds, renewed while training' },
    'skip-deploy-check': { type: 'boolean', help: 'publish without `trainer check-deployable`\'s checks first' },
    'startup-ms': { ...integerFlag(1), placeholder: 'MS', help: 'the check\'s cold-start budget (default 1000, as `trainer check-deployable --startup-ms`)' },
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
    const storeEnv = { ...env, ...(values['r2-endpoint'] ? { R2_ENDPOINT: values['r2-endpoint'] } : {}), ...(values.bucket ? { R2_BUCKET: values.bucket } : {}) };
    const stop = stopOnSignals(log);
    const startupMs = values['startup-ms'];
    if (values.watch) log(`looking for queued training jobs every ${values.interval} s`);
    try {
      const runs = await runTrainingJobs({
        client: new TrainingApiClient(endpoint, token),
        admin: new AdminApiClient(endpoint, token),
        lease: { owner: values.owner ?? `${os.hostname()}-${process.pid}`, leaseSeconds: values.lease },
        backend: parseBackendName(values.backend ?? env.EDGEML_TF_BACKEND ?? 'auto'),
        gate: values['skip-deploy-check'] ? undefined : deployGate({ log, ...(startupMs === undefined ? {} : { budgets: { startupMs } }) }),
        // Opened per retrain job only: the local target starts a workerd of its own.
        openStore: () => openStore(values.target, values['persist-to'], storeEnv),
        watch: values.watch,
        intervalSeconds: values.interval,
        signal: stop.signal,
        log,
      });
      // One line per job; `job` is its id (the job itself is on the API).
      for (const run of runs) console.log(JSON.stringify({ ...run.outcome, job: run.jobId }));
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
