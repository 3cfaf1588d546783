import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUILTIN_DATASETS, modelManifestSchema, predictResponseSchema, trainingJobSchema, type TrainingJob, type TrainingJobRequestInput } from '@edgeml/shared';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { FASHION_MNIST_PREPROCESSING, loadFashionMnist } from '@edgeml/trainer/data/load-fashion-mnist';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { runTrainingJobs, type TrainingJobRun } from '@edgeml/trainer/training-jobs/run-training-jobs';
import { TrainingApiClient } from '@edgeml/trainer/training-jobs/training-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';

const ADMIN_TOKEN = 'image-shrink-jobs-admin-0123456789';
const FASHION_LABELS = [...BUILTIN_DATASETS['fashion-mnist'].labels];
// Few images, so each job trains in seconds; the accuracy they reach is not what is tested.
const LIMITS = { trainLimit: 400, testLimit: 200, validationFraction: 0.005 };

let persistDir: string;
let worker: RunningWorker;
let r2: ObjectStore;
let runner: { client: TrainingApiClient; admin: AdminApiClient };

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const send = () =>
    worker.fetch(route, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  // While the in-process runner trains the event loop stalls, and undici may hand a GET a socket the worker closed: read again once.
  const response = await send().catch((error: unknown) => {
    if (method !== 'GET') throw error;
    return send();
  });
  return { status: response.status, json: await response.json() };
}

async function submit(request: TrainingJobRequestInput): Promise<TrainingJob> {
  const { status, json } = await api('POST', '/v1/training/jobs', request);
  expect(status, JSON.stringify(json)).toBe(201);
  return trainingJobSchema.parse(json);
}

async function job(id: string): Promise<TrainingJob> {
  return trainingJobSchema.parse((await api('GET', `/v1/training/jobs/${id}`)).json);
}

function runOnce(): Promise<TrainingJobRun[]> {
  return runTrainingJobs({ ...runner, lease: { owner: 'runner-shrink', leaseSeconds: 30 }, backend: 'auto', pollMs: 200 });
}

const epochs = (done: TrainingJob) => done.events.flatMap((event) => (event.type === 'epoch' ? [[event.phase, event.epoch, event.epochs]] : []));

beforeAll(async () => {
  persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-image-shrink-'));
  r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  worker = await startWorker({ persistDir, vars: { ADMIN_TOKEN } });
  runner = { client: new TrainingApiClient(worker.url, ADMIN_TOKEN), admin: new AdminApiClient(worker.url, ADMIN_TOKEN) };
}, 600_000);

afterAll(async () => {
  await r2?.close();
  await worker?.dispose();
  if (persistDir) await rm(persistDir, { recursive: true, force: true });
});

describe('a fashion-mnist job distilled, pruned and int8, published to production', () => {
  const MODEL = 'fashion';
  let done: TrainingJob;

  beforeAll(async () => {
    const queued = await submit({
      task: 'image-classification',
      model: MODEL,
      dataset: 'fashion-mnist',
      limits: LIMITS,
      run: { model: { architecture: 'mnist-net' }, epochs: 1, batchSize: 32, seed: 5 },
      after: { distil: { architecture: 'small-cnn', epochs: 2 }, prune: { sparsity: 0.5 }, int8: true, publish: { channel: 'production' } },
    });
    const started = Date.now();
    const runs = await runOnce();
    console.log(`image shrink jobs: the fashion-mnist job ran in ${Date.now() - started} ms`);
    expect(runs.map((run) => run.outcome), JSON.stringify(runs)).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    done = await job(queued.id);
  }, 300_000);

  it('reports the teacher\'s, the student\'s and the pruning\'s epochs, in order', () => {
    expect(epochs(done)).toEqual([['train', 1, 1], ['distil', 1, 2], ['distil', 2, 2], ['prune', 1, 1]]);
    for (const event of done.events) if (event.type === 'epoch') expect(event.validationAccuracy).toBeGreaterThanOrEqual(0);
  });

  it('publishes the pruned student (int8 when it kept accuracy) and reports accuracy, sparsity and bytes', async () => {
    const report = done.result?.report as Record<string, { architecture: string; testAccuracy: number; bytes: number; sparsity?: number }> & { int8: { kept: boolean } };
    expect(report.teacher).toMatchObject({ architecture: 'mnist-net', testAccuracy: expect.any(Number) });
    expect(report.distil).toMatchObject({ architecture: 'small-cnn' });
    expect(report.prune!.sparsity).toBeCloseTo(0.5, 2);
    expect(report.result!.bytes).toBeLessThan(report.teacher!.bytes);
    const manifest = modelManifestSchema.parse((await api('GET', `/v1/models/${MODEL}?version=${done.result!.version}`)).json);
    expect(manifest).toMatchObject({ labels: FASHION_LABELS, training: { architecture: 'small-cnn', dataset: 'fashion-mnist' }, input: { preprocessing: FASHION_MNIST_PREPROCESSING } });
    expect(manifest.variant?.kind).toBe(report.int8.kept ? 'quantized' : 'pruned');
    expect(manifest.variant?.sparsity?.achieved).toBeCloseTo(0.5, 2);
  });

  it('serves a clothes PNG with the whole picture as input, answering with the clothes labels', async () => {
    const { test, preprocessing } = await loadFashionMnist({ trainLimit: 1, testLimit: 1 });
    const samples = Array.from(test.images.subarray(0, 784), (v) => Math.round((v * preprocessing.std + preprocessing.mean) * 255));
    const response = await worker.fetch(`/v1/models/${MODEL}/predict`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(encodePngRaw({ width: 28, height: 28, bitDepth: 8, colourType: 0, samples })) });
    const answer = predictResponseSchema.parse(await response.json());
    expect(answer.version).toBe(done.result!.version);
    expect(FASHION_LABELS).toContain(answer.predictions[0]!.label);
    expect(answer.predictions[0]!.probabilities).toHaveLength(10);
  });
});

describe('an image job cancelled while it distils', () => {
  it('stops within a batch and publishes nothing', async () => {
    const MODEL = 'digits-cancelled';
    const queued = await submit({
      task: 'image-classification',
      model: MODEL,
      dataset: 'mnist',
      limits: LIMITS,
      run: { epochs: 1, batchSize: 32, seed: 6 },
      after: { distil: { architecture: 'small-cnn', epochs: 100 }, prune: { sparsity: 0.5 }, publish: { channel: 'production' } },
    });
    let cancelledAt = 0;
    const cancelling = (async () => {
      for (;;) {
        const current = await job(queued.id);
        if (current.events.some((event) => event.type === 'epoch' && event.phase === 'distil')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      cancelledAt = Date.now();
      const cancel = await api('POST', `/v1/training/jobs/${queued.id}/cancel`);
      expect(cancel.status, JSON.stringify(cancel.json)).toBe(200);
    })();
    const [runs] = await Promise.all([runOnce(), cancelling]);
    const stoppedAfterMs = Date.now() - cancelledAt;
    console.log(`image shrink jobs: the runner stopped ${stoppedAfterMs} ms after the cancel`);
    expect(runs.map((run) => run.outcome)).toEqual([{ status: 'stopped', reason: { kind: 'cancelled' }, released: true }]);
    const cancelled = await job(queued.id);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect(cancelled.result).toBeUndefined();
    // Training stopped in the student's phase: no pruning epoch, far from the 100 distillation epochs.
    expect(epochs(cancelled).filter(([phase]) => phase === 'distil').length).toBeLessThan(20);
    expect(epochs(cancelled).some(([phase]) => phase === 'prune')).toBe(false);
    expect((await r2.list(`models/${MODEL}/`)).keys).toEqual([]);
  }, 300_000);
});
