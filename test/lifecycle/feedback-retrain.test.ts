import path from 'node:path';
import { errorBodySchema, retrainJobSchema, retrainPolicyKey, type ErrorCode, type RetrainJob } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AdminApiClient } from '../../trainer/src/registry/admin-api-client.ts';
import { openLocalR2Store } from '../../trainer/src/publish/open-local-r2-store.ts';
import { readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';

const ADMIN_TOKEN = 'feedback-test-token-0123456789';
const POLICY = { minAccuracy: 0.9, minExamples: 10, everyHours: 0 };

let store: LifecycleStore;
let worker: RunningWorker;
let digits: MnistTestDigit[];

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
  const r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    await r2.put(retrainPolicyKey(store.name), new TextEncoder().encode(JSON.stringify(POLICY)), { contentType: 'application/json' });
  } finally {
    await r2.close();
  }
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN } });
  digits = await readMnistTestSet(60);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

function sendFeedback(body: unknown, model = store.name, contentType = 'application/json'): Promise<Response> {
  return worker.fetch(`/v1/models/${model}/feedback`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': contentType } });
}

async function expectError(response: Response, status: number, code: ErrorCode): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(errorBodySchema.parse(JSON.parse(text)).error.code).toBe(code);
}

async function jobs(): Promise<RetrainJob[]> {
  const response = await worker.fetch(`/v1/admin/models/${store.name}/jobs`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { jobs: unknown[] }).jobs.map((job) => retrainJobSchema.parse(job));
}

function example(digit: MnistTestDigit, label: number) {
  return { pixels: Array.from(digit.pixels), label: String(label) };
}

describe('feedback', () => {
  it('refuses feedback that is not for a published model, not labelled with its labels or not its input size', async () => {
    const good = example(digits[0]!, digits[0]!.label);
    await expectError(await sendFeedback({ examples: [good] }, 'no-such-model'), 404, 'model_not_found');
    await expectError(await sendFeedback({ examples: [good] }, store.name, 'text/plain'), 415, 'unsupported_media_type');
    await expectError(await sendFeedback({ examples: [] }), 400, 'validation_failed');
    await expectError(await sendFeedback({ examples: Array.from({ length: 65 }, () => good) }), 400, 'validation_failed');
    await expectError(await sendFeedback({ examples: [{ ...good, label: 'eleven' }] }), 400, 'validation_failed');
    await expectError(await sendFeedback({ examples: [{ ...good, pixels: good.pixels.slice(1) }] }), 400, 'validation_failed');
    await expectError(await sendFeedback({ examples: [{ ...good, pixels: good.pixels.map(() => 300) }] }), 400, 'validation_failed');
    await expectError(await worker.fetch(`/v1/models/${store.name}/feedback`, { method: 'GET' }), 405, 'method_not_allowed');
  });

  it('stores a valid batch', async () => {
    const response = await sendFeedback({ examples: digits.slice(0, 20).map((d) => example(d, d.label)) });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ stored: 20, key: expect.stringMatching(new RegExp(`^feedback/${store.name}/`)) });
  });
});

describe('scheduled retrain check', () => {
  it('records no job while production is accurate on the feedback', async () => {
    await worker.scheduled();
    expect(await jobs()).toEqual([]);
  });

  it('records one pending job once production falls below the threshold, and no second while it is pending', async () => {
    // Forty examples labelled wrongly on purpose: production now agrees with a third of the feedback.
    const wrong = digits.slice(20, 60).map((d) => example(d, (d.label + 1) % 10));
    expect((await sendFeedback({ examples: wrong })).status).toBe(201);
    await worker.scheduled();
    const [job, ...others] = await jobs();
    expect(others).toEqual([]);
    expect(job).toMatchObject({ model: store.name, status: 'pending', reason: 'accuracy', evaluation: { version: store.version, examples: 60 } });
    expect(job!.evaluation.accuracy).toBeLessThan(0.4);
    expect(job!.evaluation.accuracy).toBeGreaterThan(0.25);
    await worker.scheduled();
    expect(await jobs()).toHaveLength(1);
  });

  it('leases the job to exactly one of several runners claiming it at once, and to another once the lease expires', async () => {
    const admin = new AdminApiClient(worker.url, ADMIN_TOKEN);
    const [job] = await jobs();
    const claims = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => admin.claimJob(store.name, job!.id, { owner: `runner-${i}`, leaseSeconds: 5 })),
    );
    const won = claims.filter((claim) => claim.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const holder = won[0]!.value.lease!.owner;
    expect(won[0]!.value.status).toBe('running');
    await expect(admin.claimJob(store.name, job!.id, { owner: 'late-runner', leaseSeconds: 60 })).rejects.toThrow(/409/);
    // The holder may renew its own lease.
    expect((await admin.claimJob(store.name, job!.id, { owner: holder, leaseSeconds: 5 })).lease?.owner).toBe(holder);

    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const taken = await admin.claimJob(store.name, job!.id, { owner: 'late-runner', leaseSeconds: 60 });
    expect(taken.lease?.owner).toBe('late-runner');
    await expect(admin.completeJob(store.name, job!.id, { owner: holder, status: 'succeeded', outcome: {} })).rejects.toThrow(/409/);
    const done = await admin.completeJob(store.name, job!.id, { owner: 'late-runner', status: 'failed', outcome: { reason: 'test' } });
    expect(done).toMatchObject({ status: 'failed', outcome: { reason: 'test' } });
    expect(done.lease).toBeUndefined();
    await expect(admin.claimJob(store.name, job!.id, { owner: 'runner-0', leaseSeconds: 60 })).rejects.toThrow(/409/);
  });
});
