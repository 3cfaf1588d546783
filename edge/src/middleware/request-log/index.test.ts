import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { AppEnv } from '../../app-env.ts';
import { createApp } from '../../app.ts';
import { EdgeError } from '../../errors/edge-error.ts';
import { errorHandler, notFoundHandler } from '../error-handler/index.ts';
import { legacyErrorHandler } from '../legacy-error-handler/index.ts';
import { requestRecord, type RequestRecord } from './request-record.ts';
import { requestLog } from './index.ts';

/** The binding as a test sees it: the points written. */
function fakeMetrics(): AnalyticsEngineDataset & { points: AnalyticsEngineDataPoint[] } {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, writeDataPoint: (point) => void points.push(point ?? {}) };
}

/** A small app shaped like the worker's: the log first, a limiter on `/v1/*`, a sub-app with its own error handler. */
function app(): Hono<AppEnv> {
  const legacy = new Hono<AppEnv>()
    .post('/', () => {
      throw new EdgeError('validation_failed', 'send one image, not 2');
    })
    .onError(legacyErrorHandler);
  return new Hono<AppEnv>()
    .use('*', requestLog())
    .use('/v1/*', async (c, next) => {
      if (c.req.header('x-over-limit')) throw new EdgeError('rate_limited', 'too many requests', undefined, { 'Retry-After': '60' });
      await next();
    })
    .post('/v1/models/:name/predict', (c) => {
      if (c.req.param('name') === 'broken') {
        c.set('served', { model: 'broken', version: 'v1' });
        throw new EdgeError('model_unavailable', 'models/broken/versions/v1/model.onnx is missing');
      }
      c.set('served', { model: c.req.param('name'), version: 'v7', count: 3, timing: { preprocessMs: 1.234, inferenceMs: 5.678 }, coldLoad: true });
      return c.json({ ok: true });
    })
    .route('/predict', legacy)
    .notFound(notFoundHandler)
    .onError(errorHandler);
}

let logged: MockInstance<typeof console.log>;
let errors: MockInstance<typeof console.error>;
let warnings: MockInstance<typeof console.warn>;

beforeEach(() => {
  logged = vi.spyOn(console, 'log').mockImplementation(() => {});
  errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => vi.restoreAllMocks());

/** The request lines logged so far, parsed. */
function lines(): RequestRecord[] {
  return logged.mock.calls.map(([line]) => JSON.parse(String(line)) as RequestRecord);
}

const env = (metrics?: AnalyticsEngineDataset) => ({ ...(metrics ? { METRICS: metrics } : {}) }) as unknown as Env;

describe('requestLog', () => {
  it('logs one JSON line with the route pattern and what the route handed back, and writes its data point', async () => {
    const metrics = fakeMetrics();
    const response = await app().request('/v1/models/mnist/predict?version=20260101&note=secret', { method: 'POST' }, env(metrics));
    expect(response.status).toBe(200);
    expect(lines()).toEqual([
      {
        event: 'request',
        route: '/v1/models/:name/predict',
        method: 'POST',
        status: 200,
        errorCode: null,
        model: 'mnist',
        version: 'v7',
        count: 3,
        totalMs: expect.any(Number),
        preprocessMs: 1.23,
        inferenceMs: 5.68,
        coldLoad: true,
      },
    ]);
    expect(metrics.points).toEqual([
      {
        blobs: ['/v1/models/:name/predict', 'mnist', 'v7', '2xx', '', 'POST'],
        doubles: [expect.any(Number), 5.68, 3, 1.23, 1, 200],
        indexes: ['mnist@v7'],
      },
    ]);
    expect(logged.mock.calls[0]![0]).not.toMatch(/secret|20260101/);
  });

  it('records the error code of a 4xx, under the route the refused request asked for', async () => {
    const metrics = fakeMetrics();
    const response = await app().request('/v1/models/mnist/predict', { method: 'POST', headers: { 'x-over-limit': '1' } }, env(metrics));
    expect(response.status).toBe(429);
    expect(lines()).toMatchObject([{ route: '/v1/models/:name/predict', status: 429, errorCode: 'rate_limited', model: null, version: null, count: null }]);
    expect(metrics.points[0]!.blobs).toEqual(['/v1/models/:name/predict', '', '', '4xx', 'rate_limited', 'POST']);
    expect(metrics.points[0]!.indexes).toBeUndefined();
    expect(errors).not.toHaveBeenCalled();
  });

  it('gives a 5xx one request line, beside the error handler’s cause line, with the version that failed', async () => {
    const response = await app().request('/v1/models/broken/predict', { method: 'POST' }, env(fakeMetrics()));
    expect(response.status).toBe(503);
    expect(lines()).toMatchObject([{ status: 503, errorCode: 'model_unavailable', model: 'broken', version: 'v1', count: null, inferenceMs: null }]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toMatch(/^model_unavailable error on POST/);
  });

  it('reads the code of an error a sub-app answered with its own handler, and names unmatched paths', async () => {
    expect((await app().request('/predict', { method: 'POST' }, env(fakeMetrics()))).status).toBe(400);
    expect((await app().request('/wp-login.php?user=admin', {}, env(fakeMetrics()))).status).toBe(404);
    expect(lines()).toMatchObject([
      { route: '/predict', status: 400, errorCode: 'validation_failed' },
      { route: 'unmatched', method: 'GET', status: 404, errorCode: 'not_found' },
    ]);
    expect(logged.mock.calls[1]![0]).not.toMatch(/wp-login|admin/);
  });

  it('leaves out client addresses, client ids and user agents', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.9', 'x-client-id': 'client-1234', 'user-agent': 'curl/8.0', 'x-forwarded-for': '198.51.100.7' };
    await app().request('/v1/models/mnist/predict', { method: 'POST', headers }, env(fakeMetrics()));
    const [line] = logged.mock.calls[0]!;
    for (const value of Object.values(headers)) expect(String(line)).not.toContain(value);
  });

  it('serves without the binding (warned once per isolate) and when a write throws', async () => {
    const server = app();
    expect((await server.request('/v1/models/mnist/predict', { method: 'POST' }, env())).status).toBe(200);
    expect((await server.request('/v1/models/mnist/predict', { method: 'POST' }, env())).status).toBe(200);
    expect(warnings).toHaveBeenCalledTimes(1);
    const failing: AnalyticsEngineDataset = {
      writeDataPoint: () => {
        throw new Error('quota');
      },
    };
    expect((await server.request('/v1/models/mnist/predict', { method: 'POST' }, env(failing))).status).toBe(200);
    expect(lines()).toHaveLength(3);
  });

  it('sees the worker app’s own route patterns', async () => {
    const NodeWasmModule = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
    const worker = createApp({ wasmModule: new NodeWasmModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])) });
    const workerEnv = { RATE_LIMIT_REQUESTS: '0', METRICS: fakeMetrics() } as unknown as Env;
    expect((await worker.request('/healthz', {}, workerEnv)).status).toBe(200);
    expect((await worker.request('/v1/models/mnist/predict', {}, workerEnv)).status).toBe(405);
    expect(lines()).toMatchObject([
      { route: '/healthz', method: 'GET', status: 200, errorCode: null },
      { route: '/v1/models/:name/predict', method: 'GET', status: 405, errorCode: 'method_not_allowed' },
    ]);
  });
});

describe('requestRecord', () => {
  it('names unknown methods OTHER and error statuses without an error by number', () => {
    const record = requestRecord({ route: 'unmatched', method: 'BREW', status: 418, error: undefined, totalMs: 0.123456, served: undefined });
    expect(record).toMatchObject({ method: 'OTHER', errorCode: 'http_418', totalMs: 0.12 });
  });
});
