import os from 'node:os';
import { deployGate } from '../deploy/deploy-gate.ts';
import { runJobs } from '../jobs/run-jobs.ts';
import { stopOnSignals } from '../jobs/stop-on-signals.ts';
import { AdminApiClient } from '../registry/admin-api-client.ts';
import { BACKEND_FLAG, MODEL_FLAG, selectBackendFlag, STORE_FLAGS } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';
import { openStore } from './open-store.ts';
import { WORKER_FLAGS, workerEndpoint, workerToken } from './worker-flags.ts';

export const jobsRetrainCommand = defineCommand({
  name: 'jobs retrain',
  description: `Claims the model's next pending retrain job from the worker's admin API (with a lease it renews
while training), retrains on MNIST plus the job's recent feedback (at most --max-feedback-share of
the set), publishes the challenger, scores champion and challenger through the worker on a trusted
holdout of MNIST test digits that feedback never enters, promotes the challenger to canary (or
production, per the model's retrain policy) only if it wins there by the margin, and records the
outcome on the job, with feedback accuracy and suspected label flips beside it. Jobs, publishing
and promotion go through the admin API; the feedback and the retrain policy are read from the
bucket (--target r2: the same bucket the worker's MODELS binding serves).

Environment (each non-secret one also a flag, the flag winning):
  EDGEML_ENDPOINT       --endpoint URL     the worker, default http://127.0.0.1:8787
  EDGEML_ADMIN_TOKEN    the admin API's bearer token (ADMIN_TOKEN is read when it is unset;
                        --token-env VAR reads VAR instead). Secrets are never flags: argv is
                        visible to every process on the machine.
  EDGEML_TF_BACKEND     --backend
  R2_ENDPOINT           --r2-endpoint URL  https://<account id>.r2.cloudflarestorage.com (or R2_ACCOUNT_ID)
  R2_BUCKET             --bucket NAME      with --target r2
  R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY   an R2 API token's S3 keys (read-only suffices), with --target r2`,
  flags: {
    ...STORE_FLAGS,
    model: { ...MODEL_FLAG, default: 'mnist', help: 'the model whose jobs are run' },
    watch: { type: 'boolean', help: 'keep polling for jobs' },
    interval: { ...integerFlag(1), default: 60, placeholder: 'S', help: 'seconds between polls with --watch' },
    ...WORKER_FLAGS,
    'r2-endpoint': { type: 'string', placeholder: 'URL', help: 'R2\'s S3 endpoint (default $R2_ENDPOINT)' },
    bucket: { type: 'string', placeholder: 'NAME', help: 'the R2 bucket (default $R2_BUCKET)' },
    'train-limit': { ...integerFlag(1), default: 55_000, help: 'MNIST training images' },
    epochs: { ...integerFlag(1), default: 3, help: 'training epochs' },
    holdout: { ...integerFlag(1), default: 1_000, help: 'MNIST test digits in the trusted holdout' },
    lease: { ...integerFlag(5), default: 600, placeholder: 'S', help: 'lease length in seconds' },
    margin: { type: 'number', min: -1, max: 1, placeholder: 'M', help: 'override the policy\'s margin' },
    'max-feedback-share': { type: 'number', min: 0, max: 0.5, placeholder: 'F', help: 'largest share of the training set feedback may be (default the policy\'s, 0.2)' },
    'feedback-days': { ...integerFlag(1, 90), help: 'UTC days of feedback read (default the policy\'s, 7)' },
    'skip-deploy-check': { type: 'boolean', help: 'publish and judge a challenger without `trainer check-deployable`\'s checks first' },
    'startup-ms': { ...integerFlag(1), placeholder: 'MS', help: 'the check\'s cold-start budget (default 1000, as `trainer check-deployable --startup-ms`)' },
    backend: BACKEND_FLAG,
  },
  epilog: `Stopping: the first SIGTERM or SIGINT stops cleanly. Between jobs it exits at once; during a job,
before publishing starts, training is abandoned and the job is given back to the queue (pending,
lease released); once publishing has started the job is finished first (seconds), so no version
is left half-written. Exit status: 0 done, 1 a usage or configuration mistake, 2 an internal
fault, 130 (SIGINT) or 143 (SIGTERM) after a clean stop. A second signal exits at once.`,
  async run(values, env) {
    const endpoint = workerEndpoint(values.endpoint, env);
    const token = workerToken(env, values['token-env'], ['EDGEML_ADMIN_TOKEN', 'ADMIN_TOKEN'], 'admin token');
    const margin = values.margin;
    const share = values['max-feedback-share'];
    const feedbackDays = values['feedback-days'];
    const startupMs = values['startup-ms'];
    await selectBackendFlag(values.backend);
    const storeEnv = { ...env, ...(values['r2-endpoint'] ? { R2_ENDPOINT: values['r2-endpoint'] } : {}), ...(values.bucket ? { R2_BUCKET: values.bucket } : {}) };
    const store = await openStore(values.target, values['persist-to'], storeEnv);
    const stop = stopOnSignals((line) => console.error(`trainer jobs: ${line}`));
    try {
      const runs = await runJobs({
        name: values.model,
        client: new AdminApiClient(endpoint, token),
        endpoint,
        predictToken: token,
        store,
        lease: { owner: `${os.hostname()}-${process.pid}`, leaseSeconds: values.lease },
        trainLimit: values['train-limit'],
        epochs: values.epochs,
        mnistHoldout: values.holdout,
        policy: {
          ...(margin === undefined ? {} : { margin }),
          ...(share === undefined ? {} : { maxFeedbackShare: share }),
          ...(feedbackDays === undefined ? {} : { feedbackDays }),
        },
        // Operators, sizes, loading in workerd and start-up: a challenger that fails is neither published nor promoted.
        gate: values['skip-deploy-check'] ? undefined : deployGate({ log: (line) => console.error(line), ...(startupMs === undefined ? {} : { budgets: { startupMs } }) }),
        watch: values.watch,
        intervalSeconds: values.interval,
        signal: stop.signal,
        onEpochEnd: (log) => console.error(`epoch ${log.epoch}: loss ${log.loss.toFixed(4)}, validation accuracy ${log.validationAccuracy.toFixed(4)}`),
        log: (line) => console.error(line),
      });
      for (const run of runs) console.log(JSON.stringify({ job: run.jobId, ...run.outcome }));
      if (stop.exitCode !== undefined) {
        console.error(`trainer jobs: stopped cleanly on ${stop.received}`);
        return stop.exitCode;
      }
    } finally {
      stop.dispose();
      await store.close();
    }
  },
});
