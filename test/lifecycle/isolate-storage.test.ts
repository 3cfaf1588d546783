import path from 'node:path';
import {
  auditEntrySchema,
  auditKey,
  channelsKey,
  feedbackBatchKey,
  retrainPolicyKey,
  runConfigSchema,
  trainingJobKey,
  trainingJobsResponseSchema,
  type AuditEntry,
  type FeedbackBatch,
  type ModelChannels,
  type TrainingJob,
} from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';

const ADMIN_TOKEN = 'isolate-storage-token-0123456789';
const AT = '2026-11-28T12:00:00.000Z';

let store: LifecycleStore;
let worker: RunningWorker;
let digit: MnistTestDigit;
const logs: string[] = [];

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
  [digit] = await readMnistTestSet(1);
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    // Production is a version whose artifact fails its sha256, and the cron has feedback to judge it on.
    const channels: ModelChannels = { schemaVersion: 1, name: store.name, production: store.corruptVersion, updatedAt: new Date().toISOString() };
    await r2.put(channelsKey(store.name), encode(channels), { contentType: 'application/json' });
    await r2.put(retrainPolicyKey(store.name), encode({ minAccuracy: 0.9, minExamples: 1 }), { contentType: 'application/json' });
    const at = new Date().toISOString();
    const batch: FeedbackBatch = { schemaVersion: 1, model: store.name, receivedAt: at, examples: [{ pixels: Array.from(digit!.pixels), scale: 255, label: String(digit!.label) }] };
    await r2.put(feedbackBatchKey(store.name, at, 'one-registry'), encode(batch), { contentType: 'application/json' });
    // Beside readable ones, objects that are not JSON: each listing skips them and answers the rest.
    const broken = new TextEncoder().encode('{"cut off');
    const entry: AuditEntry = { at: AT, action: 'promote', model: store.name, version: store.corruptVersion };
    const job: TrainingJob = {
      schemaVersion: 1,
      id: 'tj-20261128120000-donejob1',
      request: { task: 'image-classification', model: store.name, dataset: 'mnist', run: runConfigSchema.omit({ name: true, dataset: true }).parse({}), after: { int8: false, publish: { channel: 'none' } } },
      status: 'succeeded',
      owner: 'cron',
      retrain: { reason: 'schedule', evaluation: { version: store.version, accuracy: null, examples: 0 } },
      events: [],
      createdAt: AT,
      updatedAt: AT,
    };
    await r2.put(auditKey(store.name, AT, 'readable'), encode(entry), { contentType: 'application/json' });
    await r2.put(auditKey(store.name, AT, 'broken'), broken, { contentType: 'application/json' });
    await r2.put(trainingJobKey(job.id), encode(job), { contentType: 'application/json' });
    await r2.put(trainingJobKey('tj-20261128120000-brokenjob'), broken, { contentType: 'application/json' });
    await r2.put(feedbackBatchKey(store.name, at, 'broken'), broken, { contentType: 'application/json' });
  } finally {
    await r2.close();
  }
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN }, onLog: (entry) => logs.push(entry.message) });
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

describe('one model registry per isolate', () => {
  it('serves predictions from the registry the cron used: a load the cron saw fail is not tried again by the next request', async () => {
    await worker.scheduled();
    expect(logs.some((line) => line.includes(`retrain check of ${store.name} failed`))).toBe(true);
    const response = await worker.fetch(`/v1/models/${store.name}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pixels: Array.from(digit.pixels) }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    // The back-off the cron's failed load started answers the request: the same registry, not a second one loading again.
    const logged = logs.filter((line) => line.includes(`POST /v1/models/${store.name}/predict`));
    expect(logged.join('\n')).toMatch(/not retried for \d+ s/);
  });
});

describe('listings with an unreadable object', () => {
  const admin = (path: string) => worker.fetch(`/v1/admin/models/${store.name}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

  it('the audit log skips it and answers the readable entries', async () => {
    const response = await admin('/audit');
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: unknown[] };
    expect(entries.map((entry) => auditEntrySchema.parse(entry))).toEqual([{ at: AT, action: 'promote', model: store.name, version: store.corruptVersion }]);
  });

  it('the training jobs list (where the cron queues its retrains) skips it and answers the readable jobs, and logs the one skipped', async () => {
    const response = await worker.fetch('/v1/training/jobs', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    const { jobs } = trainingJobsResponseSchema.parse(await response.json());
    expect(jobs.map((job) => job.id)).toEqual(['tj-20261128120000-donejob1']);
    expect(logs.filter((line) => line.includes('tj-20261128120000-brokenjob.json')).length).toBeGreaterThanOrEqual(1);
  });
});
