import { createEdgeClient, EdgeApiError, type EdgeClient } from '@edgeml/client';
import { makeTar } from '@edgeml/shared/datasets/testdata/make-archive';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { createTokenResponseSchema, datasetSchema, errorBodySchema, sha256Hex, trainingJobSchema, trainingJobsResponseSchema, type ErrorCode, type TrainingJobRequestInput } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareModelStore, type TestModelStore } from '../edge/support/prepare-model-store.ts';
import { documentedResponse, type OpenApiDocument } from '../openapi/openapi-validator.ts';
import { postPastLimit } from '../support/post-past-limit.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';

const ADMIN_TOKEN = 'training-api-test-admin-token-0123';
const MAX_DATASET_BYTES = 64 * 1024;
const CSV = 'text,label\r\n"WIN a FREE cruise, reply now",spam\r\nlunch tomorrow?\r\nsee you at 6,ham\r\n"call me, ""now""",ham\r\n';

let store: TestModelStore;
let worker: RunningWorker;
let alice: string;
let runner: string;
let client: EdgeClient;

async function call(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const { token = alice, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  if (typeof rest.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return worker.fetch(path, { ...rest, headers });
}

async function expectError(response: Response, status: number, code: ErrorCode): Promise<{ message: string; details?: unknown }> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const { error } = errorBodySchema.parse(JSON.parse(text));
  expect(error.code, text).toBe(code);
  return error;
}

async function createToken(name: string, scopes: string[], limits: object = {}): Promise<string> {
  const response = await call('/v1/admin/tokens', { method: 'POST', token: ADMIN_TOKEN, body: JSON.stringify({ name, scopes, limits }) });
  expect(response.status).toBe(201);
  return createTokenResponseSchema.parse(await response.json()).token;
}

async function runnerCall(id: string, action: string, body: object, token = runner): Promise<Response> {
  return call(`/v1/training/jobs/${id}/${action}`, { method: 'POST', token, body: JSON.stringify(body) });
}

const textJob = (dataset: string, model = 'spam-test'): TrainingJobRequestInput => ({ task: 'text-classification', model, dataset, run: { architecture: 'transformer', epochs: 2 }, after: { int8: true, publish: { channel: 'canary', percent: 10 } } });
const epoch = (n: number) => ({ type: 'epoch', at: new Date().toISOString(), phase: 'train', epoch: n, epochs: 2, loss: 0.5 / n, accuracy: 0.8, learningRate: 0.001, samplesPerSecond: 900, etaSeconds: 3 });

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN, RATE_LIMIT_REQUESTS: '0', MAX_DATASET_BYTES: String(MAX_DATASET_BYTES) } });
  alice = await createToken('alice', ['training'], { maxRunningJobs: 2 });
  runner = await createToken('runner-1', ['runner']);
  client = createEdgeClient(worker.url, { token: alice, fetch: (input, init) => worker.fetch(String(input), init) });
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

describe('scoped tokens', () => {
  it('answers 401 without or with an unknown token, 403 for a missing scope, and never shows a token again', async () => {
    await expectError(await call('/v1/datasets', { token: null }), 401, 'unauthorized');
    await expectError(await call('/v1/datasets', { token: `${alice}x` }), 401, 'unauthorized');
    await expectError(await call('/v1/training/jobs', { method: 'POST', token: runner, body: JSON.stringify(textJob('spam')) }), 403, 'forbidden');
    await expectError(await runnerCall('tj-20261201080000-abcdef12', 'claim', { owner: 'a', leaseSeconds: 60 }, alice), 403, 'forbidden');
    await expectError(await call('/v1/admin/tokens', { token: alice }), 403, 'forbidden');
    await expectError(await call('/v1/admin/tokens', { method: 'POST', token: ADMIN_TOKEN, body: JSON.stringify({ name: 'alice', scopes: ['training'] }) }), 409, 'conflict');
    const listed = await (await call('/v1/admin/tokens', { token: ADMIN_TOKEN })).text();
    expect(JSON.parse(listed).tokens.map((token: { name: string }) => token.name).sort()).toEqual(['alice', 'runner-1']);
    expect(listed).not.toContain(alice.slice(8));
    const doomed = await createToken('doomed', ['training']);
    expect((await call('/v1/datasets', { token: doomed })).status).toBe(200);
    expect((await call('/v1/admin/tokens/doomed', { method: 'DELETE', token: ADMIN_TOKEN })).status).toBe(204);
    await expectError(await call('/v1/datasets', { token: doomed }), 401, 'unauthorized');
  });
});

describe('datasets', () => {
  it('stores a CSV with its summary, the bad row reported by line, and serves its bytes back', async () => {
    const dataset = await client.uploadDataset(CSV, { format: 'csv', name: 'tiny.csv' });
    expect(dataset).toMatchObject({ name: 'tiny.csv', task: 'text-classification', format: 'csv', rows: 3, labels: ['ham', 'spam'], classCounts: { ham: 2, spam: 1 }, owner: 'alice' });
    expect(dataset.problems).toEqual([{ line: 3, message: 'missing label' }]);
    expect(dataset.sha256).toBe(await sha256Hex(new TextEncoder().encode(CSV)));
    const content = await call(`/v1/datasets/${dataset.id}/content`, { token: runner });
    expect(await content.text()).toBe(CSV);
    const form = new FormData();
    form.append('file', new File([CSV], 'tickets.csv'));
    const posted = await call('/v1/datasets', { method: 'POST', body: form });
    expect(posted.status).toBe(201);
    const fromForm = datasetSchema.parse(await posted.json());
    expect(fromForm).toMatchObject({ name: 'tickets.csv', format: 'csv', rows: 3, sha256: dataset.sha256 });
    const ids = (await client.listDatasets()).map((d) => datasetSchema.parse(d).id);
    expect(ids.slice(0, 3)).toEqual(['mnist', 'fashion-mnist', 'spam']);
    expect(ids.slice(3).sort()).toEqual([dataset.id, fromForm.id].sort());
  });

  it('refuses a dataset with one label (400 with its problems), an unknown type (415) and an oversize body (413, declared or streamed)', async () => {
    const error = await expectError(await call('/v1/datasets', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'text,label\nhi,ham\n,ham\n' }), 400, 'validation_failed');
    expect(error.details).toMatchObject({ labels: ['ham'], problems: [{ line: 3, message: 'empty text' }] });
    await expectError(await call('/v1/datasets', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: CSV }), 415, 'unsupported_media_type');
    const big = new TextEncoder().encode(`text,label\n${'spam spam spam,spam\n'.repeat(MAX_DATASET_BYTES / 10)}`);
    await expectError(await call('/v1/datasets?format=csv', { method: 'POST', body: big }), 413, 'payload_too_large');
    const streamed = await postPastLimit(new URL('/v1/datasets?format=csv', worker.url), { authorization: `Bearer ${alice}` }, big, MAX_DATASET_BYTES, { chunkBytes: 16 * 1024 });
    expect(streamed.status, streamed.text).toBe(413);
  });
});

describe('training jobs', () => {
  let csvDataset: string;
  beforeAll(async () => {
    csvDataset = (await client.uploadDataset(CSV, { format: 'csv' })).id;
  });

  it('refuses an unknown dataset, a dataset of the other task, a student of the other task and labels unlike the model in production', async () => {
    await expectError(await call('/v1/training/jobs', { method: 'POST', body: JSON.stringify(textJob('ds-nosuchdataset')) }), 404, 'dataset_not_found');
    const taskError = await expectError(await call('/v1/training/jobs', { method: 'POST', body: JSON.stringify(textJob('mnist')) }), 400, 'validation_failed');
    expect(taskError.message).toBe('dataset "mnist" is for image-classification; a text-classification job cannot train on it');
    const distil = { ...textJob(csvDataset), after: { distil: { architecture: 'small-cnn' } } };
    expect((await expectError(await call('/v1/training/jobs', { method: 'POST', body: JSON.stringify(distil) }), 400, 'validation_failed')).details).toEqual({ issues: [{ path: 'after', message: 'Unrecognized key: "distil"' }] });
    const png = encodePngRaw({ width: 8, height: 8, bitDepth: 8, colourType: 0, samples: new Array(64).fill(255) });
    const pets = makeTar({ 'pets/cat/1.png': png, 'pets/cat/2.png': png, 'pets/dog/1.png': png, 'pets/dog/notes.txt': new TextEncoder().encode('hi') });
    const images = await client.uploadDataset(new Uint8Array(pets), { format: 'tar' });
    expect(images).toMatchObject({ task: 'image-classification', rows: 3, classCounts: { cat: 2, dog: 1 }, problems: [{ entry: 'pets/dog/notes.txt', message: 'not a .png, .jpg or .jpeg file' }] });
    const labels = await expectError(await call('/v1/training/jobs', { method: 'POST', body: JSON.stringify({ task: 'image-classification', model: store.name, dataset: images.id }) }), 400, 'validation_failed');
    expect(labels.details).toEqual({ datasetLabels: ['cat', 'dog'], modelLabels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
  });

  it('queues, lists newest first, claims for one runner of two, takes events, cancels, and frees the token\'s allowance', async () => {
    const first = await client.submitTrainingJob(textJob(csvDataset));
    const second = await client.submitTrainingJob(textJob(csvDataset));
    expect(first).toMatchObject({ status: 'queued', owner: 'alice', request: { run: { architecture: 'transformer', epochs: 2 } } });
    expect(first.id).toMatch(/^tj-\d{14}-[a-z0-9]{8}$/);
    expect((await expectError(await call('/v1/training/jobs', { method: 'POST', body: JSON.stringify(textJob(csvDataset)) }), 429, 'limit_exceeded')).details).toMatchObject({ limit: 2 });
    const adminJob = trainingJobSchema.parse(await (await call('/v1/training/jobs', { method: 'POST', token: ADMIN_TOKEN, body: JSON.stringify(textJob('spam', 'spam-admin')) })).json());

    const mine = (await client.listTrainingJobs()).map((job) => trainingJobSchema.parse(job).id);
    expect(mine.slice(0, 2).sort()).toEqual([first.id, second.id].sort());
    expect(mine).not.toContain(adminJob.id);
    const queued = trainingJobsResponseSchema.parse(await (await call('/v1/training/jobs?status=queued', { token: runner })).json()).jobs;
    expect(queued.map((job) => job.id)).toEqual(expect.arrayContaining([first.id, second.id, adminJob.id]));
    expect(queued.map((job) => job.createdAt)).toEqual([...queued.map((job) => job.createdAt)].sort().reverse());
    await expectError(await call(`/v1/training/jobs/${adminJob.id}`), 404, 'job_not_found');

    // Two runners claim at once: exactly one gets the lease.
    const claims = await Promise.all(['gpu-a', 'gpu-b'].map((owner) => runnerCall(first.id, 'claim', { owner, leaseSeconds: 60 })));
    expect(claims.map((response) => response.status).sort()).toEqual([200, 409]);
    const holder = trainingJobSchema.parse(await claims.find((response) => response.status === 200)!.json()).lease!.owner;
    const other = holder === 'gpu-a' ? 'gpu-b' : 'gpu-a';
    await expectError(await claims.find((response) => response.status === 409)!, 409, 'conflict');
    await expectError(await runnerCall(first.id, 'claim', { owner: other, leaseSeconds: 60 }), 409, 'conflict');

    const reported = trainingJobSchema.parse(await (await runnerCall(first.id, 'events', { owner: holder, leaseSeconds: 60, events: [epoch(1)] })).json());
    expect(reported.events).toMatchObject([{ type: 'epoch', epoch: 1 }]);
    await expectError(await runnerCall(first.id, 'events', { owner: other, leaseSeconds: 60, events: [epoch(2)] }), 409, 'conflict');
    expect((await client.trainingJob(first.id)).events).toHaveLength(1);

    await expectError(await call(`/v1/datasets/${csvDataset}`, { method: 'DELETE' }), 409, 'invalid_state');
    const cancelledRunning = await client.cancelTrainingJob(first.id);
    expect(cancelledRunning).toMatchObject({ status: 'cancelled' });
    expect(cancelledRunning.lease).toBeUndefined();
    await expectError(await runnerCall(first.id, 'events', { owner: holder, leaseSeconds: 60, events: [epoch(2)] }), 409, 'job_cancelled');
    await expectError(await runnerCall(first.id, 'publishing', { owner: holder }), 409, 'job_cancelled');
    const again = await client.cancelTrainingJob(first.id).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(EdgeApiError);
    expect(again).toMatchObject({ status: 409, code: 'invalid_state', message: expect.stringContaining('is cancelled') });
    expect((await client.cancelTrainingJob(second.id)).status).toBe('cancelled');

    // The allowance is free again; a job that publishes and succeeds cannot be cancelled.
    const third = await client.submitTrainingJob(textJob(csvDataset));
    await runnerCall(third.id, 'claim', { owner: 'gpu-a', leaseSeconds: 60 });
    expect(trainingJobSchema.parse(await (await runnerCall(third.id, 'publishing', { owner: 'gpu-a' })).json()).status).toBe('publishing');
    await expectError(await call(`/v1/training/jobs/${third.id}/cancel`, { method: 'POST' }), 409, 'invalid_state');
    const done = trainingJobSchema.parse(
      await (await runnerCall(third.id, 'complete', { owner: 'gpu-a', status: 'succeeded', result: { version: '20261201T081000Z-77aa33cc', channel: 'canary', metrics: { testAccuracy: 0.9 } } })).json(),
    );
    expect(done).toMatchObject({ status: 'succeeded', result: { channel: 'canary' } });
    expect((await expectError(await call(`/v1/training/jobs/${third.id}/cancel`, { method: 'POST' }), 409, 'invalid_state')).message).toContain('is succeeded');

    await runnerCall(adminJob.id, 'claim', { owner: 'gpu-b', leaseSeconds: 60 });
    expect(trainingJobSchema.parse(await (await runnerCall(adminJob.id, 'release', { owner: 'gpu-b', reason: 'draining' })).json()).status).toBe('queued');
    expect((await client.dataset(csvDataset)).id).toBe(csvDataset);
    await client.deleteDataset(csvDataset);
    expect(await client.dataset(csvDataset).catch((error: unknown) => error)).toMatchObject({ status: 404, code: 'dataset_not_found' });
  });
});

describe('the training API as documented', () => {
  it('answers every new route with a status and body /openapi.json documents', async () => {
    const document = (await (await worker.fetch('/openapi.json')).json()) as OpenApiDocument;
    const dataset = await client.uploadDataset(CSV, { format: 'csv' });
    const job = await client.submitTrainingJob(textJob(dataset.id));
    const requests: { method: string; path: string; body?: object; token?: string; status: number }[] = [
      { method: 'GET', path: '/v1/datasets', status: 200 },
      { method: 'GET', path: `/v1/datasets/${dataset.id}`, status: 200 },
      { method: 'GET', path: '/v1/datasets/ds-nosuchdataset', status: 404 },
      { method: 'GET', path: '/v1/training/jobs', status: 200 },
      { method: 'GET', path: `/v1/training/jobs/${job.id}`, status: 200 },
      { method: 'POST', path: '/v1/training/jobs', body: { task: 'text-classification', model: 'x', dataset: dataset.id, run: { architecture: 'cnn' } }, status: 400 },
      { method: 'POST', path: `/v1/training/jobs/${job.id}/claim`, body: { owner: 'gpu-a', leaseSeconds: 60 }, token: runner, status: 200 },
      { method: 'POST', path: `/v1/training/jobs/${job.id}/events`, body: { owner: 'gpu-a', leaseSeconds: 60, events: [epoch(1)] }, token: runner, status: 200 },
      { method: 'POST', path: `/v1/training/jobs/${job.id}/cancel`, status: 200 },
      { method: 'POST', path: `/v1/training/jobs/${job.id}/events`, body: { owner: 'gpu-a', leaseSeconds: 60, events: [] }, token: runner, status: 409 },
      { method: 'GET', path: '/v1/admin/tokens', token: ADMIN_TOKEN, status: 200 },
      { method: 'GET', path: '/v1/admin/tokens', token: runner, status: 403 },
    ];
    for (const request of requests) {
      const response = await call(request.path, { method: request.method, token: request.token, ...(request.body ? { body: JSON.stringify(request.body) } : {}) });
      const label = `${request.method} ${request.path}`;
      const text = await response.text();
      expect(response.status, `${label}: ${text.slice(0, 300)}`).toBe(request.status);
      const documented = documentedResponse(document, request.method, request.path, response.status);
      if ('missing' in documented) throw new Error(`${label}: ${documented.missing}`);
      const result = documented.validate(JSON.parse(text));
      expect(result.success, `${label}: ${result.error?.message}`).toBe(true);
    }
  });
});
