/**
 * The retrain CronJob as written, without a cluster: infra/k8s/retrain-cronjob.yaml's container
 * `args` and `env` are taken verbatim, its secret and ConfigMap references filled with test values,
 * and the trainer CLI is run with them the way the image's entrypoint runs it
 * (`node trainer/bin/trainer.mjs <args>`, a child process), against
 * - the real worker in workerd (test/support/start-worker.ts): the training API the runner claims
 *   and reports through, the admin API it publishes and promotes through, and the predict route
 *   it judges the champion on;
 * - s3rver, a local S3-compatible server, as R2's S3 API: `--target r2` reads a retrain job's
 *   feedback and the retrain policy there (R2_ENDPOINT, R2_BUCKET, R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY).
 * In production those are one bucket; here the worker's R2 is Miniflare's, so the test writes the
 * policy to both and copies the feedback the worker stored into s3rver before the run.
 *
 * Checked: a training job the worker's scheduled() queued is claimed, trained on MNIST and the
 * feedback read from s3rver with the policy there, gated (check-deployable), published, judged and
 * completed; SIGTERM during training stops the process with 143, gives the job back (queued, no
 * lease, claimable at once) and publishes nothing; SIGINT while idle exits 130; `publish --target r2`
 * writes a whole version and the channels into s3rver with the same env.
 * Not checked: real R2 (s3rver checks the access key id but not SigV4 signatures nor
 * x-amz-checksum-sha256), the image itself (no docker build here: its EDGEML_TF_BACKEND=tensorflow-gpu
 * is left out and the trainer picks this machine's backend), Kubernetes' scheduling, probes and
 * grace period, and the budgets: the champion's manifest records a small run (retrainableModel) and
 * the test appends `--startup-ms` (a loaded CI machine misses the 1 s cold-start budget) to the args.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { channelsKey, manifestKey, modelChannelsSchema, modelManifestSchema, retrainPolicyKey, sha256Hex, trainingJobSchema, trainingJobsResponseSchema, type TrainingJob } from '@edgeml/shared';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { createR2S3Store } from '@edgeml/trainer/publish/create-r2-s3-store';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { TrainingApiClient } from '@edgeml/trainer/training-jobs/training-api-client';
import { readMnistTestSet } from '../edge/support/mnist-test-set.ts';
import { prepareLifecycleStore, type LifecycleStore } from '../lifecycle/support/lifecycle-store.ts';
import { retrainableModel } from '../lifecycle/support/retrainable-model.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { readYaml } from './retrain-cronjob-yaml.ts';
import { cronJobContainer, type K8sEnvVar } from './retrain-cronjob-container.ts';

const TRAINER = path.join(REPO_ROOT, 'trainer', 'bin', 'trainer.mjs');
const ADMIN_TOKEN = 'cronjob-test-admin-token-0123456789';
const FEEDBACK_TOKEN = 'cronjob-test-feedback-token';
// s3rver knows one key pair; it checks the key id, not the signature.
const S3_KEYS = { id: 'S3RVER', secret: 'S3RVER' };
const POLICY = { minAccuracy: 0.9, minExamples: 10, everyHours: 0, promoteTo: 'canary', canaryPercent: 25 };
const NAME = 'mnist-cronjob';
// The deployability check's cold-start budget is about the model, not this shared 2-core machine's load (as in check-deployable.test.ts).
const SLOW_START = ['--startup-ms', '600000'];

let store: LifecycleStore;
let worker: RunningWorker;
let s3: S3rver;
let s3Dir: string;
let bucket: ObjectStore;
let admin: AdminApiClient;
let runner: TrainingApiClient;
let args: string[];
let env: NodeJS.ProcessEnv;
const children = new Set<ReturnType<typeof spawn>>();

beforeAll(async () => {
  const container = cronJobContainer(readYaml(await readFile(path.join(REPO_ROOT, 'infra', 'k8s', 'retrain-cronjob.yaml'), 'utf8')));
  const bucketName = literalEnv(container.env, 'R2_BUCKET');
  // The CronJob reads the bucket the production worker serves.
  const production = unstable_getMiniflareWorkerOptions(path.join(REPO_ROOT, 'wrangler.toml'), 'production').workerOptions.r2Buckets as Record<string, { id: string }>;
  expect(bucketName).toBe(production.MODELS!.id);

  store = await prepareLifecycleStore(inject('publishedModel'));
  const local = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    await retrainableModel(local, store.name, NAME, store.version, POLICY);
  } finally {
    await local.close();
  }
  const feedbackTokens = `cronjob-test:${createHash('sha256').update(FEEDBACK_TOKEN).digest('hex')}`;
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN, FEEDBACK_TOKENS: feedbackTokens } });
  admin = new AdminApiClient(worker.url, ADMIN_TOKEN);
  runner = new TrainingApiClient(worker.url, ADMIN_TOKEN);

  s3Dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-s3rver-'));
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: bucketName }] });
  const { port } = await s3.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  bucket = createR2S3Store({ endpoint: s3Endpoint, bucket: bucketName, accessKeyId: S3_KEYS.id, secretAccessKey: S3_KEYS.secret });
  await bucket.put(retrainPolicyKey(NAME), new TextEncoder().encode(JSON.stringify(POLICY)), { contentType: 'application/json' });

  const refs: Record<string, string> = {
    'configMap edgeml-trainer/endpoint': worker.url.href,
    'configMap edgeml-trainer/r2-endpoint': s3Endpoint,
    'secret edgeml-trainer/admin-token': ADMIN_TOKEN,
    'secret edgeml-trainer/r2-access-key-id': S3_KEYS.id,
    'secret edgeml-trainer/r2-secret-access-key': S3_KEYS.secret,
  };
  args = container.args;
  // The manifest's env is the runner's whole configuration: none of this machine's leaks in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(EDGEML_ENDPOINT|EDGEML_TOKEN|EDGEML_ADMIN_TOKEN|EDGEML_TF_BACKEND|ADMIN_TOKEN|R2_.*)$/.test(key)));
  env = { ...inherited, WRANGLER_SEND_METRICS: 'false', ...Object.fromEntries(container.env.map((v) => [v.name, resolveEnv(v, refs)])) };
}, 300_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await worker?.dispose();
  await s3?.close();
  await store?.dispose();
  if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
});

describe('the retrain CronJob as written', () => {
  it('asks for R2 and names every variable the runner reads', () => {
    expect(args).toEqual(['jobs', 'run', '--target', 'r2']);
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['EDGEML_ENDPOINT', 'EDGEML_TOKEN', 'R2_ENDPOINT', 'R2_BUCKET', 'R2_ACCESS_KEY_ID', 'R2_SECRET_ACCESS_KEY']));
  });

  it('claims the training job the cron queued, trains it with the feedback read from R2, gates, publishes and judges it', async () => {
    const digits = await readMnistTestSet(1_060);
    // Past the job's 300 test digits, and labelled wrong on purpose: production scores badly on them.
    const wrong = digits.slice(1_000, 1_060).map((d) => ({ pixels: Array.from(d.pixels), label: String((d.label + 1) % 10) }));
    const posted = await worker.fetch(`/v1/models/${NAME}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FEEDBACK_TOKEN}` },
      body: JSON.stringify({ examples: wrong }),
    });
    expect(posted.status).toBe(201);
    await worker.scheduled();
    const [job, ...others] = await jobs();
    expect(others).toEqual([]);
    expect(job).toMatchObject({ status: 'queued', owner: 'cron', retrain: { reason: 'accuracy' } });
    expect(await copyFeedbackToS3()).toBeGreaterThan(0);

    const run = await startTrainer([...args, ...SLOW_START]).exited;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/passed the deployability check/);
    const outcome = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { job: string; status: string };
    expect(outcome).toMatchObject({ job: job!.id, status: 'succeeded' });
    const [done] = await jobs();
    // The 60 feedback examples exist only in what s3rver holds.
    expect(done).toMatchObject({ id: job!.id, status: 'succeeded', result: { report: { feedback: { loaded: 60 }, testExamples: 300, champion: { version: store.version } } } });
    expect(done!.lease).toBeUndefined();
    const { channel, version } = done!.result!;
    expect(await versionNames()).toContain(version);
    // Promoted as the policy says (a 25 % canary) only when it met the margin.
    const channels = await admin.channels(NAME);
    expect(channels.canary).toEqual(channel === 'canary' ? { version, percent: 25 } : undefined);
  }, 240_000);

  it('stops on SIGTERM during training: exit 143, the job back in the queue, nothing published', async () => {
    // A budget that cannot finish before the signal: the stop has to come from the abort.
    const submitted = await worker.fetch('/v1/training/jobs', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ task: 'image-classification', model: NAME, dataset: 'mnist', limits: { trainLimit: 50_000 }, run: { epochs: 5 } }),
    });
    expect(submitted.status).toBe(201);
    const long = trainingJobSchema.parse(await submitted.json());
    const versionsBefore = await versionNames();

    const trainer = startTrainer([...args, ...SLOW_START]);
    await trainer.waitForStderr(/data: \d+ train/, 90_000);
    trainer.child.kill('SIGTERM');
    const stopped = await Promise.race([trainer.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 30 s after SIGTERM')), 30_000))]);
    expect(stopped.code, stopped.stderr).toBe(143);
    expect(stopped.stderr).toMatch(/given back to the queue/);

    const released = await runner.job(long.id);
    expect(released).toMatchObject({ status: 'queued' });
    expect(released.lease).toBeUndefined();
    expect(await versionNames()).toEqual(versionsBefore);
    // Claimable now, not when the runner's lease would have run out.
    expect((await runner.claim(long.id, { owner: 'next-runner', leaseSeconds: 60 })).lease?.owner).toBe('next-runner');
  }, 180_000);

  it('stops on SIGINT while waiting for jobs: exit 130', async () => {
    // The one queued job is leased to next-runner: nothing to claim.
    const trainer = startTrainer([...args, '--watch', '--interval', '60']);
    await trainer.waitForStderr(/looking for queued training jobs every 60 s/, 60_000);
    trainer.child.kill('SIGINT');
    const stopped = await Promise.race([trainer.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 10 s after SIGINT')), 10_000))]);
    expect(stopped.code, stopped.stderr).toBe(130);
  }, 90_000);

  it('publishes a run with `publish --target r2` and the same env: artifacts, manifest, then channels', async () => {
    const { runDir } = inject('publishedModel');
    const run = await startTrainer(['publish', '--run', runDir, '--target', 'r2']).exited;
    expect(run.code, run.stderr).toBe(0);
    const version = /published mnist@(\S+) to R2 bucket/.exec(run.stdout)?.[1];
    expect(version, run.stdout).toBeDefined();
    const manifest = modelManifestSchema.parse(JSON.parse(new TextDecoder().decode((await bucket.get(manifestKey('mnist', version!)))!)));
    const onnx = (await bucket.get(manifest.artifacts.model.key))!;
    expect(await sha256Hex(onnx)).toBe(manifest.artifacts.model.sha256);
    expect(modelChannelsSchema.parse(JSON.parse(new TextDecoder().decode((await bucket.get(channelsKey('mnist')))!)))).toMatchObject({ production: version });
  }, 120_000);
});

/** The model's training jobs, newest first. */
async function jobs(): Promise<TrainingJob[]> {
  const response = await worker.fetch('/v1/training/jobs', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return trainingJobsResponseSchema.parse(await response.json()).jobs.filter((job) => job.request.model === NAME);
}

async function versionNames(): Promise<string[]> {
  const response = await worker.fetch(`/v1/admin/models/${NAME}/versions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await response.json()) as { versions: { version: string }[] }).versions.map((v) => v.version).sort();
}

/** What the worker stored under feedback/ into s3rver: in production the runner reads the worker's own bucket. */
async function copyFeedbackToS3(): Promise<number> {
  const local = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    const { keys } = await local.list('feedback/');
    for (const key of keys) await bucket.put(key, (await local.get(key))!, { contentType: 'application/json' });
    return keys.length;
  } finally {
    await local.close();
  }
}

function literalEnv(vars: K8sEnvVar[], name: string): string {
  const found = vars.find((v) => v.name === name);
  if (found?.value === undefined) throw new Error(`the CronJob sets no literal ${name}`);
  return found.value;
}

function resolveEnv(v: K8sEnvVar, refs: Record<string, string>): string {
  if (v.value !== undefined) return v.value;
  const ref = v.valueFrom?.secretKeyRef ? `secret ${v.valueFrom.secretKeyRef.name}/${v.valueFrom.secretKeyRef.key}` : `configMap ${v.valueFrom?.configMapKeyRef?.name}/${v.valueFrom?.configMapKeyRef?.key}`;
  const value = refs[ref];
  if (value === undefined) throw new Error(`${v.name} refers to ${ref}, which this test does not fill (and infra/README.md should tell operators to create)`);
  return value;
}

interface TrainerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node trainer/bin/trainer.mjs …` as the image's entrypoint, in the repository root (the image's /app). */
function startTrainer(argv: string[]) {
  const child = spawn(process.execPath, [TRAINER, ...argv], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<TrainerRun>((resolve) =>
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
  return {
    child,
    exited,
    waitForStderr: (pattern: RegExp, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          if (pattern.test(stderr)) {
            clearInterval(timer);
            resolve();
          } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
            clearInterval(timer);
            reject(new Error(`no ${pattern} on the trainer's stderr (exit ${child.exitCode}):\n${stderr}`));
          }
        }, 100);
      }),
  };
}
