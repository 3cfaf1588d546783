import { createHash } from 'node:crypto';
import path from 'node:path';
import { trainingJobSchema, trainingJobsResponseSchema, type TrainingJob } from '@edgeml/shared';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { runTrainingJobs, type TrainingJobRun } from '@edgeml/trainer/training-jobs/run-training-jobs';
import { TrainingApiClient } from '@edgeml/trainer/training-jobs/training-api-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readMnistTestSet } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';
import { retrainableModel, SMALL_RUN } from './support/retrainable-model.ts';

/**
 * The cron's retrain as an ordinary training job, end to end: a flood of flipped labels (real 3s
 * sent as "8") makes production fail its feedback, the cron queues a training job, and the runner
 * (`trainer jobs run`'s loop, in process) trains it on MNIST plus the feedback its defences let
 * through, reports every epoch, publishes the challenger and judges it against the champion served
 * by the worker on the same test split. A margin of 1 cannot be met: the challenger is refused.
 */
const ADMIN_TOKEN = 'retrain-e2e-token-0123456789';
const FEEDBACK_TOKEN = 'retrain-e2e-feedback-token';
const FEEDBACK_TOKENS = `e2e:${createHash('sha256').update(FEEDBACK_TOKEN).digest('hex')}`;
const POLICY = { minAccuracy: 0.9, minExamples: 10, margin: 1, promoteTo: 'canary', canaryPercent: 25 };
const NAME = 'mnist-retrain';
const FLOOD = 1_100;

let store: LifecycleStore;
let worker: RunningWorker;
let r2: ObjectStore;
let admin: AdminApiClient;
let queued: TrainingJob;
let runs: TrainingJobRun[];
let done: TrainingJob;

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN, FEEDBACK_TOKENS, FEEDBACK_DAILY_EXAMPLES: '5000' } });
  r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  admin = new AdminApiClient(worker.url, ADMIN_TOKEN);
  await retrainableModel(r2, store.name, NAME, store.version, POLICY);
  // The attacker's images: real 3s past the job's test split (the first 300 test digits), each resent until the flood is full.
  const threes = (await readMnistTestSet(3_000)).slice(1_000).filter((digit) => digit.label === 3);
  const flood = Array.from({ length: FLOOD }, (_, i) => ({ pixels: Array.from(threes[i % threes.length]!.pixels), label: '8' }));
  for (let start = 0; start < flood.length; start += 64) {
    const posted = await worker.fetch(`/v1/models/${NAME}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FEEDBACK_TOKEN}` },
      body: JSON.stringify({ examples: flood.slice(start, start + 64) }),
    });
    expect(posted.status).toBe(201);
  }
  await worker.scheduled();
  const listed = await worker.fetch('/v1/training/jobs', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const jobs = trainingJobsResponseSchema.parse(await listed.json()).jobs.filter((job) => job.request.model === NAME);
  expect(jobs).toHaveLength(1);
  queued = jobs[0]!;
  const client = new TrainingApiClient(worker.url, ADMIN_TOKEN);
  runs = await runTrainingJobs({
    client,
    admin,
    lease: { owner: 'retrain-runner', leaseSeconds: 60 },
    backend: 'wasm',
    openStore: () => openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir }),
  });
  done = trainingJobSchema.parse(await client.job(queued.id));
}, 300_000);

afterAll(async () => {
  await r2?.close();
  await worker?.dispose();
  await store?.dispose();
});

describe('a retrain job the cron queued on poisoned feedback', () => {
  it('is an ordinary training job, run to the end with an event per epoch', () => {
    expect(queued).toMatchObject({ owner: 'cron', retrain: { reason: 'accuracy', evaluation: { version: store.version, examples: FLOOD } }, request: { limits: { trainLimit: 2_000, testLimit: 300 } } });
    expect(queued.retrain!.evaluation.accuracy).toBeLessThan(0.1);
    expect(runs.map((run) => run.outcome.status), JSON.stringify(runs)).toEqual(['succeeded']);
    expect(done.status).toBe('succeeded');
    expect(done.lease).toBeUndefined();
    expect(done.events.filter((event) => event.type === 'epoch').map((event) => event.type === 'epoch' && event.epoch)).toEqual([1]);
  });

  it('trains on only the feedback its defences let through, and reports the flips the champion sees', () => {
    const report = done.result!.report as { feedback: { loaded: number; heldOut: number; offered: number; used: number; refused: number; labelFlips: { suspected: number; pairs: { given: string; predicted: string }[] } } };
    // Half held out; of the offered half at most 20% of the training set (500 beside 2,000 MNIST images): the rest refused.
    expect(report.feedback).toMatchObject({ loaded: FLOOD, heldOut: FLOOD / 2, offered: FLOOD / 2, used: 500, refused: FLOOD / 2 - 500, maxShare: 0.2 });
    expect(report.feedback.labelFlips.pairs[0]).toMatchObject({ given: '8', predicted: '3' });
    expect(report.feedback.labelFlips.suspected).toBeGreaterThan(FLOOD / 2);
  });

  it('judges challenger and champion on the same test split, the champion as the worker serves it, and refuses short of the margin', async () => {
    const report = done.result!.report as { margin: number; testExamples: number; champion: { version: string; testAccuracy: number }; testAccuracy: number; notPromoted?: string };
    expect(report).toMatchObject({ margin: 1, testExamples: SMALL_RUN.dataset.testLimit, champion: { version: store.version } });
    // The champion is the published test model: right on most clean test digits.
    expect(report.champion.testAccuracy).toBeGreaterThan(0.9);
    expect(report.testAccuracy).toBe(done.result!.metrics.testAccuracy);
    expect(report.notPromoted).toMatch(/margin 1/);
    expect(done.result).toMatchObject({ channel: 'none' });
    const channels = await admin.channels(NAME);
    expect({ production: channels.production, canary: channels.canary }).toEqual({ production: store.version, canary: undefined });
    console.log(`retrain e2e: champion ${report.champion.testAccuracy.toFixed(4)}, challenger ${report.testAccuracy.toFixed(4)} on ${report.testExamples} test digits`);
  });
});
