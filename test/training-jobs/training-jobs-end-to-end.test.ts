import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createTokenResponseSchema,
  datasetSchema,
  manifestKey,
  modelChannelsSchema,
  textPredictResponseSchema,
  trainingJobSchema,
  type TrainingJob,
  type TrainingJobRequestInput,
} from '@edgeml/shared';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { DIGIT_FOLDERS, digitPhotoFiles, makeZip } from '@edgeml/trainer/data/testdata/digit-photos-zip';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { runTrainingJobs, type TrainingJobRun } from '@edgeml/trainer/training-jobs/run-training-jobs';
import { TrainingApiClient } from '@edgeml/trainer/training-jobs/training-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { tinyTextVersion } from '../text/tiny-text-version.ts';
import { killRunnerProcesses, runnerProcess, type RunnerExit } from './support/runner-process.ts';
import { smsSpamCsv } from './support/sms-spam-csv.ts';

const ADMIN_TOKEN = 'training-jobs-e2e-admin-0123456789';
const MODEL = 'sms-spam';
const ROWS = 240;
// Tiny dims so a job trains in seconds on a loaded 2-core machine; the transformer's layers are all there.
const RUN = { architecture: 'transformer', blocks: 1, vocabularySize: 300, maxLength: 24, batchSize: 16, seed: 1 } as const;

let persistDir: string;
let worker: RunningWorker;
let r2: ObjectStore;
let runner: { client: TrainingApiClient; admin: AdminApiClient };
/** A token of the training scope: what a user submits, watches and cancels with. */
let userToken: string;
let dataset: string;

async function user(method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const send = () =>
    worker.fetch(route, {
      method,
      headers: { authorization: `Bearer ${userToken}`, ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  // While the in-process runner trains, the event loop stalls and undici may hand a GET a pooled
  // socket the worker has closed ("other side closed"): a read is sent again once, as a client would.
  const response = await send().catch((error: unknown) => {
    if (method !== 'GET') throw error;
    return send();
  });
  return { status: response.status, json: await response.json() };
}

async function submit(request: Omit<TrainingJobRequestInput, 'task' | 'model' | 'dataset'> & { run: object }): Promise<TrainingJob> {
  const { status, json } = await user('POST', '/v1/training/jobs', { task: 'text-classification', model: MODEL, dataset, ...request });
  expect(status, JSON.stringify(json)).toBe(201);
  return trainingJobSchema.parse(json);
}

async function job(id: string): Promise<TrainingJob> {
  const { status, json } = await user('GET', `/v1/training/jobs/${id}`);
  expect(status).toBe(200);
  return trainingJobSchema.parse(json);
}

function runOnce(owner: string): Promise<TrainingJobRun[]> {
  return runTrainingJobs({ ...runner, lease: { owner, leaseSeconds: 30 }, backend: 'cpu', pollMs: 250 });
}

/** Every object the model has in R2: a published version adds artifacts and a manifest. */
async function modelObjects(): Promise<string[]> {
  return (await r2.list(`models/${MODEL}/`)).keys.filter((key) => !key.includes('/shadow/')).sort();
}

beforeAll(async () => {
  persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-training-jobs-'));
  r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  // Production is the tests' tiny spam model (labels ham, spam): a canary needs one to split traffic with.
  const production = await tinyTextVersion(MODEL, '20261201T000000Z-production');
  await publishModelVersion({ store: r2, manifest: production.manifest, artifacts: production.artifacts });
  worker = await startWorker({ persistDir, vars: { ADMIN_TOKEN } });
  runner = { client: new TrainingApiClient(worker.url, ADMIN_TOKEN), admin: new AdminApiClient(worker.url, ADMIN_TOKEN) };
  const created = await worker.fetch('/v1/admin/tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'alice', scopes: ['training'] }),
  });
  expect(created.status).toBe(201);
  userToken = createTokenResponseSchema.parse(await created.json()).token;
  const uploaded = await user('POST', '/v1/datasets?name=sms.csv', smsSpamCsv(ROWS));
  expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(201);
  const summary = datasetSchema.parse(uploaded.json);
  expect(summary).toMatchObject({ task: 'text-classification', format: 'csv', rows: ROWS, labels: ['ham', 'spam'], problemCount: 0 });
  dataset = summary.id;
}, 600_000);

afterAll(async () => {
  killRunnerProcesses();
  await r2?.close();
  await worker?.dispose();
  if (persistDir) await rm(persistDir, { recursive: true, force: true });
});

describe('a transformer job on an uploaded CSV, with int8 and canary publishing', () => {
  let done: TrainingJob;
  /** Epoch events seen by a user polling the job while it trained. */
  const seen: number[] = [];
  beforeAll(async () => {
    const queued = await submit({ run: { ...RUN, epochs: 3 }, after: { int8: true, publish: { channel: 'canary', percent: 100 } } });
    expect(queued.status).toBe('queued');
    let training = true;
    const watching = (async () => {
      while (training) {
        seen.push((await job(queued.id)).events.filter((event) => event.type === 'epoch').length);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const [runs] = await Promise.all([runOnce('runner-1').finally(() => (training = false)), watching]);
    expect(runs.map((run) => run.outcome.status)).toEqual(['succeeded']);
    done = await job(queued.id);
    console.log(`training jobs e2e: the canary job ran ${(Date.parse(done.finishedAt!) - Date.parse(done.startedAt!)) / 1000} s from claim to complete`);
  }, 300_000);

  it('reports every epoch as it ends, then the version, metrics and report', () => {
    expect(done).toMatchObject({ status: 'succeeded', result: { channel: 'canary', metrics: { testAccuracy: expect.any(Number) } } });
    expect(done.lease).toBeUndefined();
    const epochs = done.events.filter((event) => event.type === 'epoch');
    expect(epochs.map((event) => [event.phase, event.epoch, event.epochs])).toEqual([['train', 1, 3], ['train', 2, 3], ['train', 3, 3]]);
    for (const event of epochs) {
      expect(event.samplesPerSecond).toBeGreaterThan(0);
      expect(event.learningRate).toBeGreaterThan(0);
      expect(event.validationAccuracy).toBeGreaterThanOrEqual(0);
    }
    expect(epochs.at(-1)!.etaSeconds).toBe(0);
    // The user saw the job part-way: some epochs reported, not all.
    expect(seen.some((count) => count > 0 && count < 3), `epoch counts seen: ${seen.join(',')}`).toBe(true);
    expect(done.result?.report).toMatchObject({ int8: { kept: expect.any(Boolean) }, published: expect.any(Array) });
  });

  it('serves { text } from the canary', async () => {
    const channels = modelChannelsSchema.parse(await runner.admin.channels(MODEL));
    expect(channels).toMatchObject({ production: '20261201T000000Z-production', canary: { version: done.result!.version, percent: 100 } });
    const response = await worker.fetch(`/v1/models/${MODEL}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-id': 'someone' },
      body: JSON.stringify({ text: 'URGENT! you have won a £1000 cash prize, claim now txt WIN to 80082' }),
    });
    expect(response.status).toBe(200);
    const answer = textPredictResponseSchema.parse(await response.json());
    expect(answer.version).toBe(done.result!.version);
    const manifest = (await user('GET', `/v1/models/${MODEL}?version=${done.result!.version}`)).json as { variant?: { kind: string } };
    expect(manifest.variant?.kind).toBe((done.result!.report as { int8: { kept: boolean } }).int8.kept ? 'quantized' : undefined);
  });
});

describe('two runners and a cancel', () => {
  let exits: RunnerExit[];
  let jobs: TrainingJob[];
  let before: string[];
  let owners: Set<string>;
  let stoppedAfterMs: number;
  beforeAll(async () => {
    before = await modelObjects();
    jobs = [await submit({ run: { ...RUN, epochs: 40 } }), await submit({ run: { ...RUN, epochs: 40 }, after: { publish: { channel: 'production' } } })];
    // Two `trainer jobs run` processes, as two machines would run them: each claims the oldest job it can get.
    const running = Promise.all(['runner-a', 'runner-b'].map((owner) => runnerProcess(String(worker.url), ADMIN_TOKEN, owner)));
    // Once both are leased and the first has reported an epoch, both are cancelled mid-training.
    const deadline = Date.now() + 120_000;
    let current: TrainingJob[] = [];
    for (;;) {
      current = await Promise.all(jobs.map((j) => job(j.id)));
      if (current.every((j) => j.lease) && current[0]!.events.some((event) => event.type === 'epoch')) break;
      if (Date.now() > deadline) throw new Error(`jobs never both trained: ${current.map((j) => `${j.status} ${j.lease?.owner}`).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    owners = new Set(current.map((j) => j.lease!.owner));
    const cancelledAt = Date.now();
    for (const { id } of jobs) expect((await user('POST', `/v1/training/jobs/${id}/cancel`)).status).toBe(200);
    exits = await running;
    stoppedAfterMs = Date.now() - cancelledAt;
  }, 300_000);

  it('never train the same job: each runner claimed a different one', () => {
    expect(owners).toEqual(new Set(['runner-a', 'runner-b']));
    expect(exits.flatMap((exit) => exit.runs.map((run) => run.job)).sort()).toEqual(jobs.map((j) => j.id).sort());
  });

  it('stop at the next batch once cancelled, publish nothing and keep no lease', async () => {
    for (const exit of exits) {
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.runs).toEqual([expect.objectContaining({ status: 'stopped', reason: { kind: 'cancelled' }, released: true })]);
    }
    // The poll (1 s; the batch waits for its answer), the batch in flight and the process's exit: a few batches at most, whatever the load.
    const [first] = (await job(jobs[0]!.id)).events.filter((event) => event.type === 'epoch');
    const batchMs = first?.type === 'epoch' ? (RUN.batchSize / first.samplesPerSecond) * 1000 : 0;
    console.log(`training jobs e2e: both runners exited ${stoppedAfterMs} ms after the cancel; a batch took ${batchMs.toFixed(0)} ms`);
    expect(stoppedAfterMs).toBeLessThan(3 * batchMs + 4_000);
    for (const { id } of jobs) {
      const cancelled = await job(id);
      expect(cancelled).toMatchObject({ status: 'cancelled' });
      expect(cancelled.lease).toBeUndefined();
      expect(cancelled.result).toBeUndefined();
    }
    expect(await modelObjects()).toEqual(before);
    expect((await user('POST', `/v1/training/jobs/${jobs[0]!.id}/cancel`)).json).toMatchObject({ error: { code: 'invalid_state' } });
  });
});

describe('a text job behind a margin of 1', () => {
  it('judges the champion, served by the worker, on the job\'s own test texts, and refuses the new version', async () => {
    const queued = await submit({ run: { ...RUN, epochs: 1 }, after: { publish: { channel: 'production' }, margin: 1 } });
    const runs = await runOnce('runner-margin');
    expect(runs.map((run) => run.outcome.status), JSON.stringify(runs)).toEqual(['succeeded']);
    const done = await job(queued.id);
    expect(done.result).toMatchObject({ channel: 'none', report: { margin: 1, champion: { version: '20261201T000000Z-production' }, notPromoted: expect.stringMatching(/margin 1/) } });
    const report = done.result!.report as { testExamples: number; champion: { testAccuracy: number }; testAccuracy: number };
    // The same test split for both: the job's own figure was measured on as many texts as the champion was asked about.
    expect(report.testExamples).toBe(done.result!.metrics.testSamples);
    expect(report.champion.testAccuracy).toBeGreaterThan(0);
    expect(report.testAccuracy).toBe(done.result!.metrics.testAccuracy);
    expect(modelChannelsSchema.parse(await runner.admin.channels(MODEL)).production).toBe('20261201T000000Z-production');
  }, 120_000);
});

describe('a small-cnn job on an uploaded zip of 80 digit photos, published with channel none', () => {
  const IMAGE_MODEL = 'digit-photos';
  let done: TrainingJob;

  beforeAll(async () => {
    // Few: convolutions on the plain JS backend (the file's runners') train ~5 images/s here.
    const { digits, files } = digitPhotoFiles(80);
    const uploaded = await worker.fetch('/v1/datasets?format=zip&name=digits.zip', { method: 'POST', headers: { authorization: `Bearer ${userToken}` }, body: new Uint8Array(makeZip(files)) });
    const summary = datasetSchema.parse(await uploaded.json());
    expect(summary).toMatchObject({ task: 'image-classification', format: 'zip', rows: digits.length, labels: [...DIGIT_FOLDERS].sort() });
    const { status, json } = await user('POST', '/v1/training/jobs', { task: 'image-classification', model: IMAGE_MODEL, dataset: summary.id, run: { model: { architecture: 'small-cnn' }, epochs: 1, batchSize: 32, seed: 3 } });
    expect(status, JSON.stringify(json)).toBe(201);
    const started = Date.now();
    const runs = await runOnce('runner-images');
    console.log(`training jobs e2e: the digit photos job ran in ${Date.now() - started} ms`);
    expect(runs.map((run) => run.outcome.status), JSON.stringify(runs)).toEqual(['succeeded']);
    done = await job(trainingJobSchema.parse(json).id);
  }, 120_000);

  it('trains on the photos as served, publishes the version and lists it', async () => {
    expect(done).toMatchObject({ status: 'succeeded', result: { channel: 'none' } });
    expect(done.events.filter((event) => event.type === 'epoch')).toHaveLength(1);
    const version = done.result?.version;
    // Channel none writes no channels: the manifest is in R2, and the admin's version list shows it on none.
    expect((await r2.list(`models/${IMAGE_MODEL}/`)).keys).toContain(manifestKey(IMAGE_MODEL, version!));
    const listed = await worker.fetch(`/v1/admin/models/${IMAGE_MODEL}/versions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ name: IMAGE_MODEL, versions: [{ version, channels: [] }] });
  });
});
