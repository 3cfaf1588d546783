import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  decodeFloat32Base64,
  encodeFloat32Base64,
  errorBodySchema,
  goldenVectorsSchema,
  manifestKey,
  modelManifestSchema,
  type GoldenVectors,
  type ModelManifest,
} from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addGoldenArtifact } from '@edgeml/trainer/golden/testing/add-golden-artifact';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitPng, readMnistTestSet } from './support/mnist-test-set.ts';

const ADMIN_TOKEN = 'golden-test-token-0123456789abcdef';
const WRONG = '20300101T000000Z-golden-wrong';
const RIGHT = '20300101T000000Z-golden-right';

let persistDir: string;
let worker: RunningWorker;
let production: ModelManifest;
let golden: GoldenVectors;
let png: Uint8Array<ArrayBuffer>;

/**
 * Publishes, beside the trained production version, two unpromoted versions of the same ONNX
 * bytes through the real publisher (so every sha256 is right): one whose golden outputs were
 * edited after the fact, one with the true golden outputs under its own key.
 */
beforeAll(async () => {
  const published = inject('publishedModel');
  persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-golden-r2-'));
  await cp(published.persistDir, persistDir, { recursive: true });
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    production = modelManifestSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(manifestKey(published.name, published.version)))!)));
    const onnx = (await store.get(production.artifacts.model.key))!;
    golden = goldenVectorsSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(production.artifacts.golden!.key))!)));
    const expected = decodeFloat32Base64(golden.output.float32Base64);
    // Shift one sample's outputs by 0.05: a model that answered this way here would be a different model.
    const edited = expected.map((value, i) => (i < expected.length / golden.output.dims[0]! ? value + 0.05 : value));
    const wrongGolden: GoldenVectors = { ...golden, output: { ...golden.output, float32Base64: encodeFloat32Base64(edited) } };
    for (const [version, vectors] of [[WRONG, wrongGolden], [RIGHT, golden]] as const) {
      const { golden: _, ...artifacts } = production.artifacts;
      const base: ModelManifest = { ...production, version, artifacts: { ...artifacts, model: { ...production.artifacts.model, key: `models/${production.name}/versions/${version}/model.onnx` } } };
      const { manifest, bytes } = await addGoldenArtifact(base, vectors);
      const curves: Record<string, Uint8Array> = production.artifacts.curves ? { curves: (await store.get(production.artifacts.curves.key))! } : {};
      const withCurves: ModelManifest = production.artifacts.curves
        ? { ...manifest, artifacts: { ...manifest.artifacts, curves: { ...production.artifacts.curves, key: `models/${production.name}/versions/${version}/curves.json` } } }
        : manifest;
      await publishModelVersion({ store, manifest: withCurves, artifacts: { model: onnx, golden: bytes, ...curves }, promote: false });
    }
  } finally {
    await store.close();
  }
  worker = await startWorker({ persistDir, vars: { ADMIN_TOKEN, RATE_LIMIT_REQUESTS: '0' } });
  const [digit] = await readMnistTestSet(1);
  png = digitPng(digit!.pixels);
});

afterAll(async () => {
  await worker?.dispose();
  if (persistDir) await rm(persistDir, { recursive: true, force: true });
});

// A version the channels do not name can only be pinned with the admin token.
const predict = (version?: string) =>
  worker.fetch(`/v1/models/${production.name}/predict${version ? `?version=${version}` : ''}`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${ADMIN_TOKEN}` }, body: png });

describe('golden vectors in workerd', () => {
  it('the trainer published golden vectors with the production version, and they pass', async () => {
    expect(golden.reference).toBe('onnxruntime-web');
    expect(golden.input.dims[0]).toBe(8);
    const response = await predict();
    expect(response.status).toBe(200);
    expect((await response.json()).version).toBe(production.version);
  });

  it('refuses a version whose golden outputs disagree with its session: 503 golden_mismatch, while production keeps answering', async () => {
    const refused = await predict(WRONG);
    expect(refused.status).toBe(503);
    const body = errorBodySchema.parse(await refused.json());
    expect(body.error.code).toBe('golden_mismatch');
    const details = body.error.details as { version: string; maxAbsDiff: number; tolerance: { absolute: number }; mismatches: number };
    expect(details.version).toBe(WRONG);
    // Every edited value is 0.05 off, give or take the runtime's own difference.
    expect(details.maxAbsDiff).toBeGreaterThan(0.049);
    expect(details.maxAbsDiff).toBeLessThan(0.051);
    expect(details.mismatches).toBe(golden.output.dims.slice(1).reduce((a, b) => a * b, 1));

    const served = await predict();
    expect(served.status).toBe(200);
    expect((await served.json()).version).toBe(production.version);
  });

  it('refuses to promote it: the admin promote path loads the version first and answers 409 with the reason', async () => {
    const refused = await worker.fetch(`/v1/admin/models/${production.name}/promote`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: WRONG, channel: 'canary', percent: 10 }),
    });
    expect(refused.status).toBe(409);
    const error = errorBodySchema.parse(await refused.json()).error;
    expect(error.code).toBe('conflict');
    expect(error.details).toMatchObject({ version: WRONG, reason: { code: 'golden_mismatch' } });
    const channels = await (await worker.fetch(`/v1/admin/models/${production.name}/channels`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    expect(channels).toMatchObject({ production: production.version });
    expect(channels).not.toHaveProperty('canary');
  });

  it('remembers the refusal: the version is not loaded again (its manifest deleted, it still answers golden_mismatch, not 404)', async () => {
    const deleted = await worker.fetch(`/v1/admin/models/${production.name}/versions/${WRONG}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(deleted.status).toBe(204);
    const again = await predict(WRONG);
    expect(again.status).toBe(503);
    expect(errorBodySchema.parse(await again.json()).error.code).toBe('golden_mismatch');
  });

  it('serves a version of the same bytes whose golden outputs are right', async () => {
    const response = await predict(RIGHT);
    expect(response.status).toBe(200);
    expect((await response.json()).version).toBe(RIGHT);
  });
});
