import {
  auditEntrySchema,
  errorBodySchema,
  modelChannelsSchema,
  predictResponseSchema,
  shadowSummaryResponseSchema,
  type ErrorCode,
  type PredictResponse,
  type ShadowAgreement,
} from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { publishViaAdminApi } from '@edgeml/trainer/registry/publish-via-admin-api';
import { readMnistTestSet } from '../edge/support/mnist-test-set.ts';
import { documentedResponse, type OpenApiDocument } from '../openapi/openapi-validator.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';

const ADMIN_TOKEN = 'shadow-test-token-0123456789';
const CHALLENGER = '20990103T000000Z-shadow';
const REQUESTS = 4;
const IMAGES_PER_REQUEST = 3;

let store: LifecycleStore;
let worker: RunningWorker;
let images: number[][];

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN } });
  // The challenger is the production model's bytes under another version: its answers must agree exactly.
  await publishViaAdminApi({ client: new AdminApiClient(worker.url, ADMIN_TOKEN), manifest: await store.manifestFor(CHALLENGER), artifacts: { model: store.onnx } });
  images = (await readMnistTestSet(REQUESTS * IMAGES_PER_REQUEST)).map((image) => Array.from(image.pixels));
});

afterAll(async () => {
  const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
  const figures = Object.entries(wallMs).map(([phase, ms]) => `${phase} ${median(ms).toFixed(1)} ms`);
  console.log(`predict wall time per request of ${IMAGES_PER_REQUEST} images (median of ${REQUESTS}, sequential; shadow work runs after each response): ${figures.join(', ')}`);
  await worker?.dispose();
  await store?.dispose();
});

function admin(path: string, method: string, body?: object): Promise<Response> {
  return worker.fetch(`/v1/admin/models/${store.name}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectError(response: Response, status: number, code: ErrorCode): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(errorBodySchema.parse(JSON.parse(text)).error.code).toBe(code);
}

/** Client-side milliseconds of each predict request, by phase, printed (not asserted) as the cost figure of shadowing. */
const wallMs: Record<string, number[]> = {};

/** Every request's answer without its timing (the only field that may differ between runs). */
async function predictAll(phase: string): Promise<Omit<PredictResponse, 'timing'>[]> {
  const answers: Omit<PredictResponse, 'timing'>[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const instances = images.slice(i * IMAGES_PER_REQUEST, (i + 1) * IMAGES_PER_REQUEST).map((pixels) => ({ pixels }));
    const response = await worker.fetch(`/v1/models/${store.name}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-id': `client-${i}` },
      body: JSON.stringify({ instances }),
    });
    const text = await response.text();
    (wallMs[phase] ??= []).push(performance.now() - started);
    expect(response.status, text).toBe(200);
    const { timing: _timing, ...answer } = predictResponseSchema.parse(JSON.parse(text));
    answers.push(answer);
  }
  return answers;
}

/** The summary's entry for `shadowVersion` once it has counted `requests` shadowed requests (records land after the responses). */
async function agreementOnce(shadowVersion: string, requests: number): Promise<ShadowAgreement> {
  let agreement: ShadowAgreement | undefined;
  await expect
    .poll(
      async () => {
        // With the admin token: the public summary is cached for 30 s per isolate.
        const response = await worker.fetch(`/v1/models/${store.name}/shadow?version=${shadowVersion}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        expect(response.status).toBe(200);
        const summary = shadowSummaryResponseSchema.parse(await response.json());
        agreement = summary.agreements.find((a) => a.shadowVersion === shadowVersion);
        return agreement?.requests ?? 0;
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBeGreaterThanOrEqual(requests);
  return agreement!;
}

describe('shadow mode (workerd)', () => {
  it('refuses a shadow it cannot set, with the problem named', async () => {
    await expectError(await admin('/shadow', 'PUT', { percent: 50 }), 409, 'conflict');
    await expectError(await admin('/shadow', 'PUT', { version: store.version, percent: 50 }), 409, 'conflict');
    await expectError(await admin('/shadow', 'PUT', { version: '20990109T000000Z-none', percent: 50 }), 404, 'version_not_found');
    await expectError(await admin('/shadow', 'PUT', { version: CHALLENGER, percent: 101 }), 400, 'validation_failed');
  });

  it('runs the shadow on every request at 100% without changing any answer, and counts the agreement', async () => {
    await predictAll('cold (production loads)');
    const without = await predictAll('no shadow');
    expect(without.every((answer) => answer.version === store.version)).toBe(true);

    const set = await admin('/shadow', 'PUT', { version: CHALLENGER, percent: 100 });
    expect(set.status).toBe(200);
    expect(modelChannelsSchema.parse(await set.json())).toMatchObject({ production: store.version, shadow: { version: CHALLENGER, percent: 100 } });

    const withShadow = await predictAll('shadow 100%');
    // Same version named, same labels, same probabilities: byte-identical bodies but for timing.
    expect(JSON.stringify(withShadow)).toBe(JSON.stringify(without));

    const agreement = await agreementOnce(CHALLENGER, REQUESTS);
    expect(agreement).toMatchObject({
      shadowVersion: CHALLENGER,
      servedVersion: store.version,
      requests: REQUESTS,
      failures: 0,
      compared: REQUESTS * IMAGES_PER_REQUEST,
      top1Agreement: 1,
      meanMaxDelta: 0,
      maxDelta: 0,
    });
    console.log(`shadow ${CHALLENGER} vs ${store.version}: ${JSON.stringify(agreement)}`);

    // The OpenAPI document describes the summary.
    const document = (await (await worker.fetch('/openapi.json')).json()) as OpenApiDocument;
    const documented = documentedResponse(document, 'GET', `/v1/models/${store.name}/shadow`, 200);
    if ('missing' in documented) throw new Error(documented.missing);
    const summary = await (await worker.fetch(`/v1/models/${store.name}/shadow`)).json();
    expect(documented.validate(summary).success).toBe(true);
    expect(summary).toMatchObject({ name: store.name, shadow: { version: CHALLENGER, percent: 100 }, truncated: false });
  });

  it('keeps answering 200 with the same bodies when the shadow version cannot load, and counts the failure', async () => {
    const without = await predictAll('shadow 100% (before the broken one)');
    const set = await admin('/shadow', 'PUT', { version: store.corruptVersion, percent: 100 });
    expect(set.status).toBe(200);
    const withBroken = await predictAll('broken shadow 100%');
    expect(JSON.stringify(withBroken)).toBe(JSON.stringify(without));
    const agreement = await agreementOnce(store.corruptVersion, 1);
    expect(agreement.failures).toBe(agreement.requests);
    expect(agreement).toMatchObject({ compared: 0, top1Agreement: null, maxDelta: null });
    // The pinned broken version itself still answers its own typed 503.
    const pinned = await worker.fetch(`/v1/models/${store.name}/predict?version=${store.corruptVersion}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pixels: images[0] }),
    });
    await expectError(pinned, 503, 'model_unavailable');
  });

  it('clears the shadow, and every change is in the audit log', async () => {
    const cleared = await admin('/shadow', 'DELETE');
    expect(cleared.status).toBe(200);
    expect(modelChannelsSchema.parse(await cleared.json()).shadow).toBeUndefined();
    const audit = (await (await admin('/audit', 'GET')).json()) as { entries: unknown[] };
    const actions = audit.entries.map((entry) => auditEntrySchema.parse(entry)).filter((entry) => entry.action.endsWith('shadow'));
    expect(actions.map((entry) => [entry.action, entry.version])).toEqual([
      ['set-shadow', CHALLENGER],
      ['set-shadow', store.corruptVersion],
      ['clear-shadow', store.corruptVersion],
    ]);
  });
});
