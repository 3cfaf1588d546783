import { createHash } from 'node:crypto';
import path from 'node:path';
import { modelChannelsSchema, predictResponseSchema, retrainJobSchema, retrainPolicyKey, type RetrainJob } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimNextJob } from '@edgeml/trainer/jobs/claim-next-job';
import { keepLease } from '@edgeml/trainer/jobs/keep-lease';
import { runJobs, type RunJobsOptions } from '@edgeml/trainer/jobs/run-jobs';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';

const ADMIN_TOKEN = 'retrain-e2e-token-0123456789';
const FEEDBACK_TOKEN = 'retrain-e2e-feedback-token';
const FEEDBACK_TOKENS = `e2e:${createHash('sha256').update(FEEDBACK_TOKEN).digest('hex')}`;
const POLICY = { minAccuracy: 0.9, minExamples: 10, everyHours: 0, margin: 0, promoteTo: 'canary', canaryPercent: 25 };
// A tiny budget so a retrain takes seconds on a loaded 2-core machine; the margin decides the outcome.
const BUDGET = { trainLimit: 2_000, epochs: 1, mnistHoldout: 200 };

let store: LifecycleStore;
let worker: RunningWorker;
let r2: ObjectStore;
let admin: AdminApiClient;
let digits: MnistTestDigit[];

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
  const setup = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    await setup.put(retrainPolicyKey(store.name), new TextEncoder().encode(JSON.stringify(POLICY)), { contentType: 'application/json' });
  } finally {
    await setup.close();
  }
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN, FEEDBACK_TOKENS } });
  // The runner reads feedback from the same local R2 the worker serves, as `trainer jobs run --target local` does.
  r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  admin = new AdminApiClient(worker.url, ADMIN_TOKEN);
  digits = await readMnistTestSet(1_060);
}, 120_000);

afterAll(async () => {
  await r2?.close();
  await worker?.dispose();
  await store?.dispose();
});

function runnerOptions(owner: string, margin: number): RunJobsOptions {
  return { name: store.name, client: admin, endpoint: worker.url, predictToken: ADMIN_TOKEN, store: r2, lease: { owner, leaseSeconds: 60 }, ...BUDGET, policy: { margin } };
}

async function jobs(): Promise<RetrainJob[]> {
  const response = await worker.fetch(`/v1/admin/models/${store.name}/jobs`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { jobs: unknown[] }).jobs.map((job) => retrainJobSchema.parse(job));
}

async function predictPinned(version: string): Promise<string> {
  const digit = digits[0]!;
  const response = await worker.fetch(`/v1/models/${store.name}/predict?version=${version}`, {
    method: 'POST',
    // A rejected challenger is named by no channel: only the admin token may pin it.
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ pixels: Array.from(digit.pixels) }),
  });
  expect(response.status).toBe(200);
  return predictResponseSchema.parse(await response.json()).version;
}

describe('retrain lifecycle end to end', () => {
  let job: RetrainJob;
  let challenger: string;

  it('records a pending job when the cron finds production wrong on the feedback', async () => {
    // Digits past the runner's MNIST holdout (the first 200), labelled wrongly on purpose.
    const wrong = digits.slice(1_000, 1_060).map((d) => ({ pixels: Array.from(d.pixels), label: String((d.label + 1) % 10) }));
    const posted = await worker.fetch(`/v1/models/${store.name}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FEEDBACK_TOKEN}` },
      body: JSON.stringify({ examples: wrong }),
    });
    expect(posted.status).toBe(201);
    await worker.scheduled();
    const [pending, ...others] = await jobs();
    expect(others).toEqual([]);
    expect(pending).toMatchObject({ status: 'pending', reason: 'accuracy', evaluation: { version: store.version, examples: 60 } });
    job = pending!;
  });

  it('runs a job once at a time: a leased job is not claimable until its runner is presumed dead', async () => {
    // A runner that claims with a short lease and then "crashes" (never renews, never completes).
    await admin.claimJob(store.name, job.id, { owner: 'crashed-runner', leaseSeconds: 5 });
    expect(await claimNextJob(admin, store.name, { owner: 'runner-b', leaseSeconds: 60 })).toBeNull();
    expect(await runJobs(runnerOptions('runner-b', -1))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5_500));

    // A negative margin promotes any challenger: the outcome is deterministic whatever 1 epoch reaches.
    const [run, ...others] = await runJobs(runnerOptions('runner-b', -1));
    expect(others).toEqual([]);
    expect(run!.jobId).toBe(job.id);
    challenger = run!.outcome.challenger.version;
    expect(challenger).not.toBe(store.version);

    const [done] = await jobs();
    expect(done).toMatchObject({ id: job.id, status: 'succeeded', outcome: { promoted: 'canary', canaryPercent: 25, margin: -1 } });
    expect(done!.lease).toBeUndefined();
    const outcome = run!.outcome;
    expect(done!.outcome).toMatchObject({ judgedOn: 'trusted-mnist-holdout', labelFlips: { examined: 60 } });
    expect(outcome.champion.version).toBe(store.version);
    // The champion is the published test model: it is right on most of the clean MNIST holdout…
    expect(outcome.champion.trustedAccuracy).toBeGreaterThan(0.9);
    expect(outcome.challenger.trustedAccuracy).toBeGreaterThan(0.3);
    // …and wrong on the deliberately mislabelled feedback, reported beside (not judged on) with the flips it sees.
    expect(outcome.champion.feedbackAccuracy).toBeLessThan(0.2);
    expect(outcome.labelFlips.suspected).toBeGreaterThan(20);
    expect(outcome.holdout).toEqual({ mnist: 200, feedback: 30 });
    expect(outcome.feedback).toMatchObject({ loaded: 60, maxShare: 0.2, droppedByShareCap: 0 });
    expect(outcome.feedbackTrainExamples).toBe(30);
    console.log(`retrain e2e: champion ${outcome.champion.trustedAccuracy.toFixed(4)}, challenger ${outcome.challenger.trustedAccuracy.toFixed(4)} on the trusted holdout`);
  }, 300_000);

  it('serves the challenger on canary, the old version when pinned, and rolls back', async () => {
    const channels = await admin.channels(store.name);
    expect(channels).toMatchObject({ production: store.version, canary: { version: challenger, percent: 25 } });
    expect(await predictPinned(store.version)).toBe(store.version);
    expect(await predictPinned(challenger)).toBe(challenger);

    // Full rollout, then the rollback restores the old production.
    expect(await admin.promote(store.name, { version: challenger, channel: 'production' })).toMatchObject({ production: challenger });
    expect(await predictPinned(store.version)).toBe(store.version);
    const rolledBack = modelChannelsSchema.parse(await admin.rollback(store.name));
    expect(rolledBack.production).toBe(store.version);
    expect(rolledBack.canary).toBeUndefined();
  });

  it('records a rejection and leaves the channels alone when the challenger does not win by the margin', async () => {
    await worker.scheduled();
    const pending = (await jobs()).filter((j) => j.status === 'pending');
    expect(pending).toHaveLength(1);
    const before = await admin.channels(store.name);

    // A margin of 1 cannot be met by a challenger against a champion that is right at least once.
    const [run] = await runJobs(runnerOptions('runner-c', 1));
    expect(run!.outcome.promoted).toBe(false);
    expect(run!.outcome.reason).toMatch(/margin 1/);
    const done = (await jobs()).find((j) => j.id === pending[0]!.id);
    expect(done).toMatchObject({ status: 'succeeded', outcome: { promoted: false, margin: 1 } });
    const after = await admin.channels(store.name);
    expect({ production: after.production, canary: after.canary }).toEqual({ production: before.production, canary: before.canary });
    // The rejected challenger was published (for inspection) but serves on no channel.
    expect(await predictPinned(run!.outcome.challenger.version)).toBe(run!.outcome.challenger.version);
  }, 300_000);

  it('keeps a live runner\'s job: the renewed lease outlasts its first length', async () => {
    await worker.scheduled();
    const [pending] = (await jobs()).filter((j) => j.status === 'pending');
    const lease = { owner: 'long-runner', leaseSeconds: 5 };
    await admin.claimJob(store.name, pending!.id, lease);
    const keeper = keepLease(admin, store.name, pending!.id, lease);
    try {
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(keeper.lost).toBeUndefined();
      expect(await claimNextJob(admin, store.name, { owner: 'other-runner', leaseSeconds: 60 })).toBeNull();
    } finally {
      keeper.stop();
    }
    const done = await admin.completeJob(store.name, pending!.id, { owner: 'long-runner', status: 'failed', outcome: { error: 'test over' } });
    expect(done.status).toBe('failed');
  }, 30_000);
});
