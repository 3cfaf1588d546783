import { createHash } from 'node:crypto';
import path from 'node:path';
import { modelChannelsSchema, predictResponseSchema, retrainPolicyKey, type ModelChannels, type RetrainJob } from '@edgeml/shared';
import { claimNextJob } from '@edgeml/trainer/jobs/claim-next-job';
import { keepLease } from '@edgeml/trainer/jobs/keep-lease';
import { runJobs, type JobRun, type RunJobsOptions } from '@edgeml/trainer/jobs/run-jobs';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { copyModel } from './support/copy-model.ts';
import { expireLease } from './support/expire-lease.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';

const ADMIN_TOKEN = 'retrain-e2e-token-0123456789';
const FEEDBACK_TOKEN = 'retrain-e2e-feedback-token';
const FEEDBACK_TOKENS = `e2e:${createHash('sha256').update(FEEDBACK_TOKEN).digest('hex')}`;
const POLICY = { minAccuracy: 0.9, minExamples: 10, everyHours: 0, margin: 0, promoteTo: 'canary', canaryPercent: 25 };
// A tiny budget so a retrain takes seconds on a loaded 2-core machine; the margin decides the outcome.
const BUDGET = { trainLimit: 2_000, epochs: 1, mnistHoldout: 200 };

// One worker for the file; each describe owns a model (a copy of the published one), so no test sees another's jobs or channels.
let store: LifecycleStore;
let worker: RunningWorker;
let r2: ObjectStore;
let admin: AdminApiClient;
let digits: MnistTestDigit[];

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
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

/**
 * A model of its own (`mnist-<suffix>`) with a retrain policy and the pending job the cron records
 * once production is wrong on its feedback.
 */
async function modelWithPendingJob(suffix: string): Promise<{ name: string; job: RetrainJob }> {
  const name = `${store.name}-${suffix}`;
  await copyModel(r2, store.name, name);
  await r2.put(retrainPolicyKey(name), new TextEncoder().encode(JSON.stringify(POLICY)), { contentType: 'application/json' });
  // Digits past the runner's MNIST holdout (the first 200), labelled wrongly on purpose.
  const wrong = digits.slice(1_000, 1_060).map((d) => ({ pixels: Array.from(d.pixels), label: String((d.label + 1) % 10) }));
  const posted = await worker.fetch(`/v1/models/${name}/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${FEEDBACK_TOKEN}` },
    body: JSON.stringify({ examples: wrong }),
  });
  expect(posted.status).toBe(201);
  await worker.scheduled();
  const jobs = await admin.jobs(name);
  expect(jobs).toHaveLength(1);
  return { name, job: jobs[0]! };
}

function runnerOptions(name: string, owner: string, margin: number): RunJobsOptions {
  return { name, client: admin, endpoint: worker.url, predictToken: ADMIN_TOKEN, store: r2, lease: { owner, leaseSeconds: 60 }, ...BUDGET, policy: { margin } };
}

async function predictPinned(name: string, version: string): Promise<string> {
  const response = await worker.fetch(`/v1/models/${name}/predict?version=${version}`, {
    method: 'POST',
    // A rejected challenger is named by no channel: only the admin token may pin it.
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ pixels: Array.from(digits[0]!.pixels) }),
  });
  expect(response.status).toBe(200);
  return predictResponseSchema.parse(await response.json()).version;
}

describe('the cron', () => {
  let fixture: { name: string; job: RetrainJob };
  beforeAll(async () => (fixture = await modelWithPendingJob('cron')));

  it('records a pending job when production is wrong on the feedback', () => {
    expect(fixture.job).toMatchObject({ model: fixture.name, status: 'pending', reason: 'accuracy', evaluation: { version: store.version, examples: 60 } });
  });
});

describe('a job whose runner crashed', () => {
  let fixture: { name: string; job: RetrainJob };
  beforeAll(async () => (fixture = await modelWithPendingJob('crashed')));

  it('is claimed by no other runner while the lease lives, and by the next runner once it expired', async () => {
    const { name, job } = fixture;
    // A runner that claims and then "crashes" (never renews, never completes).
    await admin.claimJob(name, job.id, { owner: 'crashed-runner', leaseSeconds: 60 });
    expect(await claimNextJob(admin, name, { owner: 'runner-b', leaseSeconds: 60 })).toBeNull();
    expect(await runJobs(runnerOptions(name, 'runner-b', -1))).toEqual([]);

    await expireLease(r2, name, job.id);
    const taken = await claimNextJob(admin, name, { owner: 'runner-b', leaseSeconds: 60 });
    expect(taken).toMatchObject({ id: job.id, status: 'running', lease: { owner: 'runner-b' } });
  });
});

describe('a challenger that wins by the margin', () => {
  let fixture: { name: string; job: RetrainJob; run: JobRun };
  beforeAll(async () => {
    const { name, job } = await modelWithPendingJob('promoted');
    // A negative margin promotes any challenger: the outcome is deterministic whatever 1 epoch reaches.
    const runs = await runJobs(runnerOptions(name, 'runner-b', -1));
    expect(runs).toHaveLength(1);
    fixture = { name, job, run: runs[0]! };
  }, 300_000);

  it('is recorded on the job with how champion and challenger did', async () => {
    const { name, job, run } = fixture;
    expect(run.jobId).toBe(job.id);
    const [done] = await admin.jobs(name);
    expect(done).toMatchObject({ id: job.id, status: 'succeeded', outcome: { promoted: 'canary', canaryPercent: 25, margin: -1 } });
    expect(done!.lease).toBeUndefined();
    expect(done!.outcome).toMatchObject({ judgedOn: 'trusted-mnist-holdout', labelFlips: { examined: 60 } });
    const { outcome } = run;
    expect(outcome.challenger.version).not.toBe(store.version);
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
  });

  it('serves the challenger on canary, the old version when pinned, and rolls back', async () => {
    const { name, run } = fixture;
    const challenger = run.outcome.challenger.version;
    expect(await admin.channels(name)).toMatchObject({ production: store.version, canary: { version: challenger, percent: 25 } });
    expect(await predictPinned(name, store.version)).toBe(store.version);
    expect(await predictPinned(name, challenger)).toBe(challenger);

    // Full rollout, then the rollback restores the old production.
    expect(await admin.promote(name, { version: challenger, channel: 'production' })).toMatchObject({ production: challenger });
    expect(await predictPinned(name, store.version)).toBe(store.version);
    const rolledBack = modelChannelsSchema.parse(await admin.rollback(name));
    expect(rolledBack.production).toBe(store.version);
    expect(rolledBack.canary).toBeUndefined();
  });
});

describe('a challenger that does not win by the margin', () => {
  let fixture: { name: string; job: RetrainJob; run: JobRun; before: ModelChannels };
  beforeAll(async () => {
    const { name, job } = await modelWithPendingJob('rejected');
    const before = await admin.channels(name);
    // A margin of 1 cannot be met by a challenger against a champion that is right at least once.
    const runs = await runJobs(runnerOptions(name, 'runner-c', 1));
    expect(runs).toHaveLength(1);
    fixture = { name, job, run: runs[0]!, before };
  }, 300_000);

  it('records a rejection and leaves the channels alone', async () => {
    const { name, job, run, before } = fixture;
    expect(run.outcome.promoted).toBe(false);
    expect(run.outcome.reason).toMatch(/margin 1/);
    const done = (await admin.jobs(name)).find((j) => j.id === job.id);
    expect(done).toMatchObject({ status: 'succeeded', outcome: { promoted: false, margin: 1 } });
    const after = await admin.channels(name);
    expect({ production: after.production, canary: after.canary }).toEqual({ production: before.production, canary: before.canary });
  });

  it('publishes the rejected challenger for inspection, served only when the admin pins it', async () => {
    const { name, run } = fixture;
    expect(await predictPinned(name, run.outcome.challenger.version)).toBe(run.outcome.challenger.version);
  });
});

describe('a live runner', () => {
  let fixture: { name: string; job: RetrainJob };
  beforeAll(async () => (fixture = await modelWithPendingJob('live')));

  it('keeps its job: every third of the lease the renewal moves its expiry on', async () => {
    const { name, job } = fixture;
    const lease = { owner: 'long-runner', leaseSeconds: 6 };
    let expiresAt = Date.parse((await admin.claimJob(name, job.id, lease)).lease!.expiresAt);
    // Only keepLease's interval runs on fake time; requests and the worker keep the real clock.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let renewals = 0;
    const keeper = keepLease(admin, name, job.id, lease, () => renewals++);
    try {
      for (const renewal of [1, 2, 3]) {
        vi.advanceTimersByTime(2_000);
        await vi.waitFor(() => expect(renewals).toBe(renewal));
        const held = (await admin.jobs(name)).find((j) => j.id === job.id)!;
        expect(held.lease?.owner).toBe('long-runner');
        expect(Date.parse(held.lease!.expiresAt)).toBeGreaterThan(expiresAt);
        expiresAt = Date.parse(held.lease!.expiresAt);
      }
      expect(keeper.lost).toBeUndefined();
      expect(await claimNextJob(admin, name, { owner: 'other-runner', leaseSeconds: 60 })).toBeNull();
    } finally {
      keeper.stop();
      vi.useRealTimers();
    }
    const done = await admin.completeJob(name, job.id, { owner: 'long-runner', status: 'failed', outcome: { error: 'test over' } });
    expect(done.status).toBe('failed');
  });
});
