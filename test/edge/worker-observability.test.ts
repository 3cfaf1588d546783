import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import type { RequestRecord } from '@edgeml/edge/middleware/request-log/request-record';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitPng, readMnistTestSet, type MnistTestDigit } from './support/mnist-test-set.ts';
import { prepareModelStore, type TestModelStore } from './support/prepare-model-store.ts';

/** What the request log must carry on every line (edge/src/middleware/request-log/request-record.ts). */
const FIELDS = ['event', 'route', 'method', 'status', 'errorCode', 'model', 'version', 'count', 'totalMs', 'preprocessMs', 'inferenceMs', 'coldLoad'];
/** Personal data the requests carry, which no log line may repeat. */
const CLIENT_ADDRESS = '203.0.113.77';
const CLIENT_ID = 'client-7f3a9c';
const USER_AGENT = 'observability-test-agent/1.0';
const QUERY_VALUE = 'query-value-5d1e';

let store: TestModelStore;
let worker: RunningWorker;
let digit: MnistTestDigit;
const logs: { level: string; message: string }[] = [];

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, onLog: (entry) => logs.push(entry) });
  [digit] = await readMnistTestSet(1);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

/** A log line as the worker writes it (its type is the worker's own). */
type RequestLine = RequestRecord;

function requestLines(): RequestLine[] {
  return logs.filter((entry) => entry.message.startsWith('{"event":"request"')).map((entry) => JSON.parse(entry.message) as RequestLine);
}

/** The worker's log arrives on workerd's stdout after the answers: waits until `count` request lines are in. */
async function waitForRequestLines(count: number): Promise<RequestLine[]> {
  const deadline = Date.now() + 10_000;
  while (requestLines().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // A moment more, so a second line for the same request would show.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return requestLines();
}

describe('request log and metrics in workerd', () => {
  it('logs one parseable JSON line per request, with no personal data, and the error codes', async () => {
    const headers = { 'cf-connecting-ip': CLIENT_ADDRESS, 'x-client-id': CLIENT_ID, 'user-agent': USER_AGENT };
    const png = digitPng(digit!.pixels);
    const sent: [string, RequestInit, number][] = [
      ['/healthz', { headers }, 200],
      [`/v1/models/${store.name}/predict?note=${QUERY_VALUE}`, { method: 'POST', body: png, headers: { ...headers, 'content-type': 'image/png' } }, 200],
      ['/predict', { method: 'POST', body: png, headers: { ...headers, 'content-type': 'image/png' } }, 200],
      [`/v1/models/${store.name}/predict`, { method: 'POST', body: 'not a picture', headers: { ...headers, 'content-type': 'image/png' } }, 400],
      [`/v1/models/${store.name}/predict`, { headers }, 405],
      [`/v1/models/${store.corrupt}/predict`, { method: 'POST', body: png, headers: { ...headers, 'content-type': 'image/png' } }, 503],
      [`/no/such/${QUERY_VALUE}`, { headers }, 404],
    ];
    for (const [target, init, status] of sent) {
      const response = await worker.fetch(target, init);
      await response.arrayBuffer();
      expect(response.status, target).toBe(status);
    }

    const lines = await waitForRequestLines(sent.length);
    expect(lines.map((line) => line.status)).toEqual(sent.map(([, , status]) => status));
    for (const line of lines) expect(Object.keys(line).sort()).toEqual([...FIELDS].sort());
    const [health, predicted, legacy, invalid, wrongMethod, unavailable, notFound] = lines;
    expect(health).toMatchObject({ route: '/healthz', method: 'GET', errorCode: null, model: null });
    expect(predicted).toMatchObject({ route: '/v1/models/:name/predict', method: 'POST', errorCode: null, model: store.name, version: store.version, count: 1, coldLoad: true });
    expect(predicted!.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(predicted!.totalMs).toBeGreaterThanOrEqual(predicted!.inferenceMs!);
    expect(legacy).toMatchObject({ route: '/predict', model: store.name, version: store.version, count: 1 });
    expect(invalid).toMatchObject({ route: '/v1/models/:name/predict', errorCode: 'invalid_image' });
    expect(wrongMethod).toMatchObject({ route: '/v1/models/:name/predict', method: 'GET', errorCode: 'method_not_allowed' });
    expect(unavailable).toMatchObject({ route: '/v1/models/:name/predict', errorCode: 'model_unavailable' });
    expect(notFound).toMatchObject({ route: 'unmatched', errorCode: 'not_found' });

    // Besides the request lines, only the 5xx's cause; and the METRICS binding ran (no missing-binding or failed-write warning).
    const others = logs.filter((entry) => !entry.message.startsWith('{"event":"request"'));
    expect(others.map((entry) => entry.level)).toEqual(['error']);
    expect(others[0]!.message).toMatch(/^model_unavailable error on POST/);
    for (const entry of logs) {
      for (const secret of [CLIENT_ADDRESS, CLIENT_ID, USER_AGENT, QUERY_VALUE]) expect(entry.message).not.toContain(secret);
    }
  });
});

describe('wrangler.toml observability', () => {
  it.each([undefined, 'staging', 'production'])('enables Workers Logs without invocation logs and binds METRICS in %s', (env) => {
    const config = unstable_readConfig({ config: path.join(REPO_ROOT, 'wrangler.toml'), ...(env ? { env } : {}) });
    expect(config.observability).toMatchObject({ enabled: true, logs: { enabled: true, invocation_logs: false } });
    expect(config.observability?.head_sampling_rate).toBeGreaterThan(0);
    const metrics = (config.analytics_engine_datasets as { binding: string; dataset?: string }[]).find((binding) => binding.binding === 'METRICS');
    expect(metrics?.dataset).toBe(env ? `edgeml_requests_${env}` : 'edgeml_requests');
  });
});
