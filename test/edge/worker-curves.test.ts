import { manifestKey, modelManifestSchema, modelVersionsResponseSchema, trainingCurvesSchema, type ModelManifest } from '@edgeml/shared';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { readTestRun, REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { prepareModelStore, type TestModelStore } from './support/prepare-model-store.ts';

let store: TestModelStore;
let worker: RunningWorker;
/** A copy of the production version whose stored curves.json no longer matches its manifest's sha256. */
const TAMPERED = '20300101T000000Z-tampered';

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  const r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    const manifest = modelManifestSchema.parse(JSON.parse(new TextDecoder().decode((await r2.get(manifestKey(store.name, store.version)))!)));
    const curves = manifest.artifacts.curves!;
    const tampered: ModelManifest = { ...manifest, version: TAMPERED, artifacts: { ...manifest.artifacts, curves: { ...curves, key: curves.key.replace(store.version, TAMPERED) } } };
    const bytes = (await r2.get(curves.key))!;
    await r2.put(tampered.artifacts.curves!.key, new TextEncoder().encode(new TextDecoder().decode(bytes).replace('"epoch":1', '"epoch":7')), { contentType: 'application/json' });
    await r2.put(manifestKey(store.name, TAMPERED), new TextEncoder().encode(JSON.stringify(tampered)), { contentType: 'application/json' });
  } finally {
    await r2.close();
  }
  worker = await startWorker({ persistDir: store.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

describe('versions and training curves through the API', () => {
  it('lists every version, newest first, with its channels, metrics and whether it has curves', async () => {
    const response = await worker.fetch(`/v1/models/${store.name}/versions`);
    expect(response.status).toBe(200);
    const { name, versions } = modelVersionsResponseSchema.parse(await response.json());
    expect(name).toBe(store.name);
    expect(versions.map((v) => v.version)).toEqual([TAMPERED, store.version, store.pinnedVersion]);
    const production = versions.find((v) => v.version === store.version)!;
    expect(production.channels).toEqual(['production']);
    expect(production.curves).toBe(true);
    expect(production.metrics.testAccuracy).toBeGreaterThan(0.9);
    expect(versions.find((v) => v.version === store.pinnedVersion)).toMatchObject({ channels: ['previous'], curves: false });
  });

  it("serves the curves the trainer recorded for the version, epoch by epoch", async () => {
    const response = await worker.fetch(`/v1/models/${store.name}/versions/${store.version}/curves`);
    expect(response.status).toBe(200);
    const curves = trainingCurvesSchema.parse(await response.json());
    const { history } = (await readTestRun(inject('publishedModel').runDir)) as unknown as { history: { epoch: number; loss: number; validationAccuracy: number }[] };
    expect(curves.epochs.map((point) => point.epoch)).toEqual(history.map((log) => log.epoch));
    expect(curves.epochs.map((point) => point.loss)).toEqual(history.map((log) => log.loss));
    expect(curves.epochs.map((point) => point.validationAccuracy)).toEqual(history.map((log) => log.validationAccuracy));
  });

  it('answers not_found for a version without curves and model_unavailable for curves that do not match the manifest', async () => {
    const without = await worker.fetch(`/v1/models/${store.name}/versions/${store.pinnedVersion}/curves`);
    expect(without.status).toBe(404);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const unknown = await worker.fetch(`/v1/models/${store.name}/versions/no-such-version/curves`);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('version_not_found');
    const tampered = await worker.fetch(`/v1/models/${store.name}/versions/${TAMPERED}/curves`);
    expect(tampered.status).toBe(503);
    expect(((await tampered.json()) as { error: { code: string } }).error.code).toBe('model_unavailable');
  });
});
