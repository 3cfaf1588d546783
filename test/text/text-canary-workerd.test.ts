import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactKey,
  modelChannelsSchema,
  sha256Hex,
  shadowSummaryResponseSchema,
  textModelManifestSchema,
  textPredictResponseSchema,
  type TextModelManifest,
} from '@edgeml/shared';
import { DEFAULT_TEXT_TOKENIZER_PARAMS } from '@edgeml/shared/text/text-tokenizer-params';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { publishViaAdminApi } from '@edgeml/trainer/registry/publish-via-admin-api';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { tinyTextModel, TINY_TEXT_CONFIG, type TinyTextModel } from './tiny-text-model.ts';

const NAME = 'spam-canary';
const V1 = '20261128T210000Z-text-v1';
const V2 = '20261128T220000Z-text-v2';
const ADMIN_TOKEN = 'text-canary-token-0123456789';

let persistDir: string;
let worker: RunningWorker;
let tiny: TinyTextModel;
let vocabulary: Uint8Array;

async function textManifest(version: string): Promise<TextModelManifest> {
  const vocabularyArtifact = { key: artifactKey(NAME, version, 'vocabulary.json'), bytes: vocabulary.length, sha256: await sha256Hex(vocabulary), contentType: 'application/json' };
  return textModelManifestSchema.parse({
    schemaVersion: 1,
    name: NAME,
    version,
    task: 'text-classification',
    labels: tiny.labels,
    input: {
      kind: 'text',
      name: 'input',
      maxLength: tiny.maxLength,
      vocabularySize: tiny.vocabulary.tokens.length,
      vocabulary: { key: vocabularyArtifact.key, sha256: vocabularyArtifact.sha256 },
      tokenizer: DEFAULT_TEXT_TOKENIZER_PARAMS,
      maxChars: 1000,
    },
    output: { name: 'probabilities', kind: 'probabilities' },
    metrics: { testAccuracy: tiny.testAccuracy },
    artifacts: {
      model: { key: artifactKey(NAME, version, 'model.onnx'), bytes: tiny.onnx.length, sha256: await sha256Hex(tiny.onnx), contentType: 'application/octet-stream' },
      vocabulary: vocabularyArtifact,
    },
    training: { architecture: TINY_TEXT_CONFIG.architecture, dataset: 'spam-slice', epochs: TINY_TEXT_CONFIG.epochs, batchSize: TINY_TEXT_CONFIG.batchSize, optimizer: 'adam', learningRate: 0.001, backend: 'cpu' },
    createdAt: new Date().toISOString(),
  });
}

beforeAll(async () => {
  tiny = await tinyTextModel();
  vocabulary = new TextEncoder().encode(JSON.stringify(tiny.vocabulary));
  persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-text-canary-'));
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    await publishModelVersion({ store, manifest: await textManifest(V1), artifacts: { model: tiny.onnx, vocabulary } });
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
    const { manifest, channels } = await publishViaAdminApi({ client, manifest: await textManifest(V2), artifacts: { model: tiny.onnx, vocabulary }, promote: { channel: 'canary', percent: 100 } });
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
