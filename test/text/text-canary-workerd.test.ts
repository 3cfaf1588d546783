import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelChannelsSchema, shadowSummaryResponseSchema, textPredictResponseSchema } from '@edgeml/shared';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { publishViaAdminApi } from '@edgeml/trainer/registry/publish-via-admin-api';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import type { TinyTextModel } from './tiny-text-model.ts';
import { tinyTextVersion, type TinyTextVersion } from './tiny-text-version.ts';

const NAME = 'spam-canary';
const V1 = '20261128T210000Z-text-v1';
const V2 = '20261128T220000Z-text-v2';
const ADMIN_TOKEN = 'text-canary-token-0123456789';

let persistDir: string;
let worker: RunningWorker;
let tiny: TinyTextModel;

/** The tiny text model as version `version`, created now (the canary is newer than production). */
function textVersion(version: string): Promise<TinyTextVersion> {
  return tinyTextVersion(NAME, version, new Date().toISOString());
}

beforeAll(async () => {
  const v1 = await textVersion(V1);
  tiny = v1.tiny;
  persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-text-canary-'));
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    await publishModelVersion({ store, manifest: v1.manifest, artifacts: v1.artifacts });
  } finally {
    await store.close();
  }
  worker = await startWorker({ persistDir, vars: { ADMIN_TOKEN } });
}, 600_000);

afterAll(async () => {
  await worker?.dispose();
  if (persistDir) await rm(persistDir, { recursive: true, force: true });
});

async function answeringVersion(client: string, options: { query?: string; bodyVersion?: string } = {}): Promise<string> {
  const response = await worker.fetch(`/v1/models/${NAME}/predict${options.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': client },
    body: JSON.stringify({ texts: tiny.heldOutTexts.slice(0, 2).map((text) => text.slice(0, 500)), version: options.bodyVersion }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return textPredictResponseSchema.parse(JSON.parse(text)).version;
}

describe('text model versions through the admin API (workerd)', () => {
  it('uploads a text version through the worker, serves it from the canary, and pins either version', async () => {
    const client = new AdminApiClient(worker.url, ADMIN_TOKEN);
    const v2 = await textVersion(V2);
    const { manifest, channels } = await publishViaAdminApi({ client, manifest: v2.manifest, artifacts: v2.artifacts, promote: { channel: 'canary', percent: 100 } });
    expect(manifest.task).toBe('text-classification');
    expect(channels).toMatchObject({ production: V1, canary: { version: V2, percent: 100 } });
    // The worker serves the uploaded manifest as it was written.
    expect(await (await worker.fetch(`/v1/models/${NAME}?version=${V2}`)).json()).toEqual(manifest);

    for (const id of ['a', 'b', 'c']) expect(await answeringVersion(`client-${id}`)).toBe(V2);
    expect(await answeringVersion('client-a', { query: `?version=${V1}` })).toBe(V1);
    expect(await answeringVersion('client-a', { bodyVersion: V1 })).toBe(V1);
    expect(await answeringVersion('client-a', { query: `?version=${V2}` })).toBe(V2);
  });

  it('shadows a text version: production answers, the shadow is compared in the background', async () => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const dropCanary = await worker.fetch(`/v1/admin/models/${NAME}/canary`, { method: 'PUT', headers, body: JSON.stringify({ percent: 0 }) });
    expect(dropCanary.status).toBe(200);
    const set = await worker.fetch(`/v1/admin/models/${NAME}/shadow`, { method: 'PUT', headers, body: JSON.stringify({ version: V2, percent: 100 }) });
    expect(modelChannelsSchema.parse(await set.json())).toMatchObject({ production: V1, shadow: { version: V2, percent: 100 } });
    expect(await answeringVersion('client-a')).toBe(V1);
    expect(await answeringVersion('client-b')).toBe(V1);
    await expect
      .poll(
        async () => {
          const summary = shadowSummaryResponseSchema.parse(await (await worker.fetch(`/v1/models/${NAME}/shadow`)).json());
          return summary.agreements.find((a) => a.shadowVersion === V2 && a.servedVersion === V1) ?? null;
        },
        { timeout: 60_000, interval: 200 },
      )
      // The same bytes under two versions: the texts agree exactly.
      .toMatchObject({ requests: 2, failures: 0, compared: 4, top1Agreement: 1, maxDelta: 0 });
  });
});
