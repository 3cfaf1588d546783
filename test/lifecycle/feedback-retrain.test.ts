import { createHash } from 'node:crypto';
import path from 'node:path';
import { errorBodySchema, feedbackResponseSchema, retrainPolicyKey, trainingJobsResponseSchema, type ErrorCode, type TrainingJob } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { TrainingApiClient } from '@edgeml/trainer/training-jobs/training-api-client';
import { readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { copyModel } from './support/copy-model.ts';
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
/** A model whose feedback never triggers a job (minAccuracy 0) but whose schedule is due. */
const SCHEDULED = { name: 'mnist-scheduled', policy: { minAccuracy: 0, everyHours: 24 } };

let store: LifecycleStore;
let worker: RunningWorker;
let digits: MnistTestDigit[];

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
  const r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    await r2.put(retrainPolicyKey(store.name), new TextEncoder().encode(JSON.stringify(POLICY)), { contentType: 'application/json' });
    await copyModel(r2, store.name, SCHEDULED.name);
    await r2.put(retrainPolicyKey(SCHEDULED.name), new TextEncoder().encode(JSON.stringify(SCHEDULED.policy)), { contentType: 'application/json' });
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

/** The model's training jobs, newest first: the cron queues its retrains there. */
async function jobs(model = store.name): Promise<TrainingJob[]> {
  const response = await worker.fetch('/v1/training/jobs', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return trainingJobsResponseSchema.parse(await response.json()).jobs.filter((job) => job.request.model === model);
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
  it('queues no job while production is accurate on the feedback', async () => {
    await worker.scheduled();
    expect(await jobs()).toEqual([]);
  });

  it('queues one training job once production falls below the threshold, none more while it is queued or running', async () => {
    // Forty examples labelled wrongly on purpose: production now agrees with a third of the feedback.
    const wrong = digits.slice(20, 60).map((d) => example(d, (d.label + 1) % 10));
    expect((await sendFeedback({ examples: wrong })).status).toBe(201);
    await worker.scheduled();
    const [job, ...others] = await jobs();
    expect(others).toEqual([]);
    // An ordinary training job: the champion's run config and limits, the policy's publishing and margin.
    expect(job).toMatchObject({
      status: 'queued',
      owner: 'cron',
      retrain: { reason: 'accuracy', evaluation: { version: store.version, examples: 60 } },
      request: { task: 'image-classification', model: store.name, dataset: 'mnist', limits: { trainLimit: 20_000 }, run: { epochs: 2, seed: 7 }, after: { int8: false, publish: { channel: 'canary', percent: 10 }, margin: 0 } },
    });
    expect(job!.retrain!.evaluation.accuracy).toBeLessThan(0.4);
    expect(job!.retrain!.evaluation.accuracy).toBeGreaterThan(0.25);
    await worker.scheduled();
    expect(await jobs()).toHaveLength(1);

    // Five runners claim it at once: one wins, and while it runs the cron queues no other.
    const runner = new TrainingApiClient(worker.url, ADMIN_TOKEN);
    const claims = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => runner.claim(job!.id, { owner: `runner-${i}`, leaseSeconds: 60 })));
    const won = claims.filter((claim) => claim.status === 'fulfilled');
    expect(won).toHaveLength(1);
    await worker.scheduled();
    expect(await jobs()).toHaveLength(1);

    // Once it has ended, production still fails the feedback: the next check queues the next job.
    await runner.complete(job!.id, { owner: won[0]!.value.lease!.owner, status: 'failed', error: { code: 'test', message: 'test over' } });
    await worker.scheduled();
    const [next, ended] = await jobs();
    expect(ended).toMatchObject({ id: job!.id, status: 'failed' });
    expect(next).toMatchObject({ status: 'queued', retrain: { reason: 'accuracy' } });
  });

  it('queues a job on schedule when the model has no recent training job, and none more while it is queued', async () => {
    await worker.scheduled();
    const [job, ...others] = await jobs(SCHEDULED.name);
    expect(others).toEqual([]);
    expect(job).toMatchObject({ status: 'queued', owner: 'cron', retrain: { reason: 'schedule', evaluation: { accuracy: null, examples: 0 } } });
    await worker.scheduled();
    expect(await jobs(SCHEDULED.name)).toHaveLength(1);
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
