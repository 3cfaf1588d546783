import { createHash } from 'node:crypto';
import path from 'node:path';
import { errorBodySchema, feedbackResponseSchema, retrainJobSchema, retrainPolicyKey, type ErrorCode, type RetrainJob } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { expireLease } from './support/expire-lease.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';

const ADMIN_TOKEN = 'feedback-test-token-0123456789';
// Feedback clients: FEEDBACK_TOKENS holds only the tokens' digests.
const FEEDBACK_TOKEN = 'feedback-client-token-abcdef';
const SMALL_CLIENT_TOKEN = 'feedback-small-client-token';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FEEDBACK_VARS = {
  FEEDBACK_TOKENS: `tests:${sha256(FEEDBACK_TOKEN)},small:${sha256(SMALL_CLIENT_TOKEN)}`,
  FEEDBACK_DAILY_EXAMPLES: '100',
};
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
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN, ...FEEDBACK_VARS } });
  digits = await readMnistTestSet(60);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

function sendFeedback(body: unknown, model = store.name, contentType = 'application/json', token: string | null = FEEDBACK_TOKEN, on = worker): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': contentType, ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
  return on.fetch(`/v1/models/${model}/feedback`, { method: 'POST', body: JSON.stringify(body), headers });
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

  it('refuses feedback without a valid feedback token: none, a wrong one, the admin token', async () => {
    const good = { examples: [example(digits[0]!, digits[0]!.label)] };
    for (const token of [null, 'not-a-token', ADMIN_TOKEN, sha256(FEEDBACK_TOKEN)]) {
      const response = await sendFeedback(good, store.name, 'application/json', token);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectError(response, 401, 'unauthorized');
    }
    // Credentials are checked before anything else: no model lookup, no body read.
    await expectError(await sendFeedback(good, 'no-such-model', 'text/plain', null), 401, 'unauthorized');
  });

  it('stores a valid batch under a token and answers its id and day, not its storage key', async () => {
    const response = await sendFeedback({ examples: digits.slice(0, 20).map((d) => example(d, d.label)) });
    expect(response.status).toBe(201);
    const body = feedbackResponseSchema.strict().parse(await response.json());
    expect(body).toMatchObject({ stored: 20, date: new Date().toISOString().slice(0, 10), remainingToday: 80 });
    expect(JSON.stringify(body)).not.toMatch(/feedback\//);
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
      Array.from({ length: 5 }, (_, i) => admin.claimJob(store.name, job!.id, { owner: `runner-${i}`, leaseSeconds: 60 })),
    );
    const won = claims.filter((claim) => claim.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const holder = won[0]!.value.lease!.owner;
    expect(won[0]!.value.status).toBe('running');
    await expect(admin.claimJob(store.name, job!.id, { owner: 'late-runner', leaseSeconds: 60 })).rejects.toThrow(/409/);
    // The holder may renew its own lease.
    expect((await admin.claimJob(store.name, job!.id, { owner: holder, leaseSeconds: 60 })).lease?.owner).toBe(holder);

    const r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
    try {
      await expireLease(r2, store.name, job!.id);
    } finally {
      await r2.close();
    }
    const taken = await admin.claimJob(store.name, job!.id, { owner: 'late-runner', leaseSeconds: 60 });
    expect(taken.lease?.owner).toBe('late-runner');
    await expect(admin.completeJob(store.name, job!.id, { owner: holder, status: 'succeeded', outcome: {} })).rejects.toThrow(/409/);
    const done = await admin.completeJob(store.name, job!.id, { owner: 'late-runner', status: 'failed', outcome: { reason: 'test' } });
    expect(done).toMatchObject({ status: 'failed', outcome: { reason: 'test' } });
    expect(done.lease).toBeUndefined();
    await expect(admin.claimJob(store.name, job!.id, { owner: 'runner-0', leaseSeconds: 60 })).rejects.toThrow(/409/);
  });
});

describe('feedback quotas', () => {
  it('refuses a client past its daily examples with 429 quota_exceeded and Retry-After, leaving other clients alone', async () => {
    const batch = (n: number) => ({ examples: digits.slice(0, n).map((d) => example(d, d.label)) });
    const first = await sendFeedback(batch(60), store.name, 'application/json', SMALL_CLIENT_TOKEN);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ stored: 60, remainingToday: 40 });

    const over = await sendFeedback(batch(41), store.name, 'application/json', SMALL_CLIENT_TOKEN);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectError(over, 429, 'quota_exceeded');
    // What is left may still be sent; then nothing more today.
    expect((await sendFeedback(batch(40), store.name, 'application/json', SMALL_CLIENT_TOKEN)).status).toBe(201);
    await expectError(await sendFeedback(batch(1), store.name, 'application/json', SMALL_CLIENT_TOKEN), 429, 'quota_exceeded');
    // The other client's count is its own (it has sent 60 of its 100).
    expect((await sendFeedback(batch(1))).status).toBe(201);
  });

  it('takes anonymous feedback only where FEEDBACK_ANONYMOUS is on, with the anonymous quota per address (IPv6 by /64)', async () => {
    // The same R2 under a worker whose environment turns anonymous feedback on (afterAll disposes it).
    await worker.dispose();
    worker = await startWorker({ persistDir: store.persistDir, vars: { FEEDBACK_ANONYMOUS: 'on', FEEDBACK_ANONYMOUS_DAILY_EXAMPLES: '3' } });
    const anonymous = worker;
    const send = (ip: string, n: number) =>
      anonymous.fetch(`/v1/models/${store.name}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
        body: JSON.stringify({ examples: digits.slice(0, n).map((d) => example(d, d.label)) }),
      });
    expect((await send('2001:db8:1:2::1', 2)).status).toBe(201);
    // Another address in the same /64 shares the count.
    await expectError(await send('2001:db8:1:2:ffff::9', 2), 429, 'quota_exceeded');
    expect((await send('2001:db8:1:2:ffff::9', 1)).status).toBe(201);
    expect((await send('2001:db8:1:3::1', 3)).status).toBe(201);
    // Without FEEDBACK_ANONYMOUS the first worker refused anonymous feedback above.
  });
});
