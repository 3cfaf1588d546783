import { predictResponseSchema } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { digitPng, readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { prepareModelStore, type TestModelStore } from '../edge/support/prepare-model-store.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { documentedResponse, type OpenApiDocument } from './openapi-validator.ts';

describe('the OpenAPI document against real answers of the worker in workerd', () => {
  let store: TestModelStore;
  let worker: RunningWorker;
  let digit: MnistTestDigit;
  let document: OpenApiDocument;

  beforeAll(async () => {
    store = await prepareModelStore(inject('publishedModel'));
    worker = await startWorker({ persistDir: store.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
    [digit] = await readMnistTestSet(1);
    document = (await (await worker.fetch('/openapi.json')).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await worker?.dispose();
    await store?.dispose();
  });

  it('names this worker as its server and the admin routes\' bearer scheme', () => {
    expect((document as unknown as { servers: { url: string }[] }).servers).toEqual([{ url: new URL(worker.url).origin, description: 'this worker' }]);
    expect(JSON.stringify(document.paths['/v1/admin/models/{name}/promote'])).toContain('"security":[{"adminToken":[]}]');
  });

  it('answers every request with a documented status and a body that validates against the document', async () => {
    const png = digitPng(digit!.pixels);
    const predict = `/v1/models/${store.name}/predict`;
    const requests: { method: string; path: string; init?: RequestInit; status: number }[] = [
      { method: 'GET', path: '/healthz', status: 200 },
      { method: 'GET', path: '/v1/models', status: 200 },
      { method: 'GET', path: `/v1/models/${store.name}`, status: 200 },
      { method: 'GET', path: `/v1/models/${store.name}?version=${store.pinnedVersion}`, status: 200 },
      { method: 'GET', path: '/v1/models/no-such-model', status: 404 },
      { method: 'GET', path: `/v1/models/${store.name}/versions`, status: 200 },
      { method: 'GET', path: '/v1/models/no-such-model/versions', status: 404 },
      { method: 'GET', path: `/v1/models/${store.name}/versions/${store.version}/curves`, status: 200 },
      { method: 'GET', path: `/v1/models/${store.name}/versions/${store.pinnedVersion}/curves`, status: 404 },
      { method: 'GET', path: `/v1/models/${store.name}/versions/no-such-version/curves`, status: 404 },
      { method: 'GET', path: `/v1/models/${store.unloadable}`, status: 200 },
      { method: 'POST', path: predict, init: { body: png, headers: { 'content-type': 'image/png' } }, status: 200 },
      { method: 'POST', path: `${predict}?topK=10`, init: { body: JSON.stringify({ instances: [{ pixels: Array.from(digit!.pixels) }, { pixels: Array.from(digit!.pixels) }] }), headers: { 'content-type': 'application/json' } }, status: 200 },
      { method: 'POST', path: predict, init: { body: '{"pixels": [1,', headers: { 'content-type': 'application/json' } }, status: 400 },
      { method: 'POST', path: predict, init: { body: 'hi', headers: { 'content-type': 'text/plain' } }, status: 415 },
      { method: 'POST', path: `/v1/models/${store.unloadable}/predict`, init: { body: png, headers: { 'content-type': 'image/png' } }, status: 503 },
      { method: 'POST', path: '/v1/models/no-such-model/predict', init: { body: png, headers: { 'content-type': 'image/png' } }, status: 404 },
      { method: 'POST', path: '/predict', init: { body: png, headers: { 'content-type': 'image/png' } }, status: 200 },
      { method: 'POST', path: '/predict', init: { body: 'not an image', headers: { 'content-type': 'image/png' } }, status: 400 },
      { method: 'GET', path: '/openapi.json', status: 200 },
      { method: 'GET', path: '/docs', status: 200 },
    ];
    for (const request of requests) {
      const response = await worker.fetch(request.path, { ...request.init, method: request.method });
      const label = `${request.method} ${request.path}`;
      const text = await response.text();
      expect(response.status, `${label}: ${text.slice(0, 300)}`).toBe(request.status);
      const documented = documentedResponse(document, request.method, new URL(request.path, 'http://x').pathname, response.status);
      if ('missing' in documented) throw new Error(`${label}: ${documented.missing}`);
      expect(response.headers.get('content-type'), label).toContain(documented.mediaType);
      if (documented.mediaType !== 'application/json') continue;
      const result = documented.validate(JSON.parse(text));
      expect(result.success, `${label}: ${result.error?.message}`).toBe(true);
    }
  });

  it('rejects a body that breaks the documented schema, so the check above can fail', async () => {
    const response = await worker.fetch(`/v1/models/${store.name}/predict`, { method: 'POST', body: digitPng(digit!.pixels), headers: { 'content-type': 'image/png' } });
    const body = predictResponseSchema.parse(await response.json());
    const documented = documentedResponse(document, 'POST', `/v1/models/${store.name}/predict`, 200);
    if ('missing' in documented) throw new Error(documented.missing);
    expect(documented.validate(body).success).toBe(true);
    expect(documented.validate({ ...body, predictions: [] }).success).toBe(false);
    expect(documented.validate({ ...body, predictions: [{ ...body.predictions[0]!, confidence: 2 }] }).success).toBe(false);
    expect('missing' in documentedResponse(document, 'POST', '/healthz', 200)).toBe(true);
    expect('missing' in documentedResponse(document, 'GET', '/healthz', 418)).toBe(true);
  });

  it('serves a reference page listing every operation', async () => {
    const html = await (await worker.fetch('/docs')).text();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(html, `${method} ${path}`).toContain(`${method.toUpperCase()}</span> <code>${path}</code> <small>${operation.operationId}</small>`);
      }
    }
    // Each operation's examples are on the page: the predict answer's, for one.
    expect(html).toContain('&#34;predicted_class&#34;: 7');
  });
});
