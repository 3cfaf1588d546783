import os from 'node:os';
import { parseArgs } from 'node:util';
import { deployGate } from '../deploy/deploy-gate.ts';
import { TrainerError } from '../errors.ts';
import { runJobs } from '../jobs/run-jobs.ts';
import { stopOnSignals } from '../jobs/stop-on-signals.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { AdminApiClient } from '../registry/admin-api-client.ts';
import { parseBackendName, selectBackend } from '../tf.ts';
import { openStore } from './open-store.ts';

export const JOBS_USAGE = `usage: trainer jobs run [options]

Claims the model's next pending retrain job from the worker's admin API (with a lease it renews
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
  EDGEML_TF_BACKEND     --backend auto|tensorflow-gpu|tensorflow|wasm|cpu
  R2_ENDPOINT           --r2-endpoint URL  https://<account id>.r2.cloudflarestorage.com (or R2_ACCOUNT_ID)
  R2_BUCKET             --bucket NAME      with --target r2
  R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY   an R2 API token's S3 keys (read-only suffices), with --target r2

  --target local|r2    where feedback and policy are read, default local  --persist-to DIR (local)
  --model NAME         default mnist
  --watch              keep polling for jobs                   --interval S  default 60
  --train-limit N      MNIST training images, default 55000     --epochs N    default 3
  --holdout N          MNIST test digits in the trusted holdout, default 1000
  --lease S            lease length in seconds, default 600     --margin M    override the policy's margin
  --max-feedback-share F  largest share of the training set feedback may be, in [0, 0.5]; default the policy's (0.2)
  --feedback-days N    UTC days of feedback read, default the policy's (7)
  --skip-deploy-check  publish and judge a challenger without \`trainer check-deployable\`'s checks first
  --startup-ms MS      the check's cold-start budget, default 1000 (as \`trainer check-deployable --startup-ms\`)

Stopping: the first SIGTERM or SIGINT stops cleanly. Between jobs it exits at once; during a job,
before publishing starts, training is abandoned and the job is given back to the queue (pending,
lease released); once publishing has started the job is finished first (seconds), so no version
is left half-written. Exit status: 0 done, 1 a usage or configuration mistake, 2 an internal
fault, 130 (SIGINT) or 143 (SIGTERM) after a clean stop. A second signal exits at once.`;

const OPTIONS = {
  model: { type: 'string' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  endpoint: { type: 'string' },
  'token-env': { type: 'string' },
  'r2-endpoint': { type: 'string' },
  bucket: { type: 'string' },
  holdout: { type: 'string' },
  'train-limit': { type: 'string' },
  epochs: { type: 'string' },
  lease: { type: 'string' },
  margin: { type: 'string' },
  'max-feedback-share': { type: 'string' },
  'feedback-days': { type: 'string' },
  target: { type: 'string' },
  'persist-to': { type: 'string' },
  backend: { type: 'string' },
  'skip-deploy-check': { type: 'boolean' },
  'startup-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `trainer jobs run`: exit 0 on success, 1 for the user's mistakes, 2 for internal faults. */
export async function runJobsCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let store: ObjectStore | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      console.log(JOBS_USAGE);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== 'run') throw new TrainerError('invalid_argument', `expected "trainer jobs run", got "jobs ${positionals.join(' ')}"\n${JOBS_USAGE}`);
    const endpoint = parseEndpoint(values.endpoint ?? env.EDGEML_ENDPOINT ?? 'http://127.0.0.1:8787');
    const token = adminToken(env, values['token-env']);
    const int = (flag: 'interval' | 'train-limit' | 'epochs' | 'lease' | 'holdout' | 'startup-ms', fallback: number) => positiveInt(values[flag], flag, fallback);
    const margin = values.margin === undefined ? undefined : Number(values.margin);
    if (margin !== undefined && !(margin >= -1 && margin <= 1)) throw new TrainerError('invalid_argument', `--margin must be a number in [-1, 1], got "${values.margin}"`);
    const share = values['max-feedback-share'] === undefined ? undefined : Number(values['max-feedback-share']);
    if (share !== undefined && !(share >= 0 && share <= 0.5)) throw new TrainerError('invalid_argument', `--max-feedback-share must be a number in [0, 0.5], got "${values['max-feedback-share']}"`);
    const feedbackDays = values['feedback-days'] === undefined ? undefined : positiveInt(values['feedback-days'], 'feedback-days', 0);
    if (feedbackDays !== undefined && feedbackDays > 90) throw new TrainerError('invalid_argument', `--feedback-days must be at most 90, got ${feedbackDays}`);
    const leaseSeconds = int('lease', 600);
    if (leaseSeconds < 5) throw new TrainerError('invalid_argument', '--lease must be at least 5 seconds');
    const budget = { trainLimit: int('train-limit', 55_000), epochs: int('epochs', 3), mnistHoldout: int('holdout', 1_000) };
    const intervalSeconds = int('interval', 60);
    const startupMs = values['startup-ms'] === undefined ? undefined : int('startup-ms', 1_000);
    if (values.backend) await selectBackend({ backend: parseBackendName(values.backend) });
    const storeEnv = { ...env, ...(values['r2-endpoint'] ? { R2_ENDPOINT: values['r2-endpoint'] } : {}), ...(values.bucket ? { R2_BUCKET: values.bucket } : {}) };
    store = await openStore(values.target ?? 'local', values['persist-to'], storeEnv);

    const stop = stopOnSignals((line) => console.error(`trainer jobs: ${line}`));
    try {
      const runs = await runJobs({
        name: values.model ?? 'mnist',
        client: new AdminApiClient(endpoint, token),
        endpoint,
        predictToken: token,
        store,
        lease: { owner: `${os.hostname()}-${process.pid}`, leaseSeconds },
        ...budget,
        policy: {
          ...(margin === undefined ? {} : { margin }),
          ...(share === undefined ? {} : { maxFeedbackShare: share }),
          ...(feedbackDays === undefined ? {} : { feedbackDays }),
        },
        // Operators, sizes, loading in workerd and start-up: a challenger that fails is neither published nor promoted.
        gate: values['skip-deploy-check'] ? undefined : deployGate({ log: (line) => console.error(line), ...(startupMs === undefined ? {} : { budgets: { startupMs } }) }),
        watch: values.watch,
        intervalSeconds,
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
    }
    return 0;
  } catch (error) {
    if (error instanceof TrainerError) {
      console.error(`trainer jobs: ${error.message}`);
      return error.isUserError ? 1 : 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`trainer jobs: ${error.message}\n${JOBS_USAGE}`);
      return 1;
    }
    console.error(`trainer jobs: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  } finally {
    await store?.close();
  }
}

/** EDGEML_ADMIN_TOKEN, else the older ADMIN_TOKEN (the worker's secret's own name); `--token-env VAR` reads VAR only. */
function adminToken(env: NodeJS.ProcessEnv, tokenEnv: string | undefined): string {
  const names = tokenEnv ? [tokenEnv] : ['EDGEML_ADMIN_TOKEN', 'ADMIN_TOKEN'];
  const token = names.map((name) => env[name]).find(Boolean);
  if (!token) throw new TrainerError('invalid_config', `no admin token: set ${names.join(' (or ')}${names.length > 1 ? ')' : ''}, or name another variable with --token-env`);
  return token;
}

function parseEndpoint(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TrainerError('invalid_argument', `--endpoint "${value}" is not a URL (e.g. https://edgeml.example.workers.dev)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TrainerError('invalid_argument', `--endpoint must be http(s), got "${value}"`);
  return url;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new TrainerError('invalid_argument', `--${flag} must be a positive integer, got "${value}"`);
  return n;
}
