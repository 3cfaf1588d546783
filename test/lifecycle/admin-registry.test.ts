import {
  adminVersionsResponseSchema,
  auditEntrySchema,
  errorBodySchema,
  modelChannelsSchema,
  predictResponseSchema,
  type ErrorCode,
} from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AdminApiClient } from '@edgeml/trainer/registry/admin-api-client';
import { publishViaAdminApi } from '@edgeml/trainer/registry/publish-via-admin-api';
import { readMnistTestSet } from '../edge/support/mnist-test-set.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { prepareLifecycleStore, type LifecycleStore } from './support/lifecycle-store.ts';

const ADMIN_TOKEN = 'lifecycle-test-token-0123456789';
const V2 = '20990101T000000Z-canary';
const CLIENTS = Array.from({ length: 24 }, (_, i) => `client-${i}`);

let store: LifecycleStore;
let worker: RunningWorker;
let admin: AdminApiClient;
let pixels: number[];

beforeAll(async () => {
  store = await prepareLifecycleStore(inject('publishedModel'));
  // A minute of channels cache: every prediction below that must see an admin change made just
  // before proves the admin API drops this isolate's cached channels (edge/src/models/channels-cache.ts).
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN, CHANNELS_CACHE_MS: '60000' } });
  admin = new AdminApiClient(worker.url, ADMIN_TOKEN);
  pixels = Array.from((await readMnistTestSet(1))[0]!.pixels);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

function adminFetch(path: string, init: RequestInit = {}, token: string | null = ADMIN_TOKEN): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  // Admin JSON bodies are validated by their routes' schemas, which take the documented media type.
  if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return worker.fetch(`/v1/admin/models/${store.name}${path}`, { ...init, headers });
}

async function expectError(response: Response, status: number, code: ErrorCode): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(errorBodySchema.parse(JSON.parse(text)).error.code).toBe(code);
}

/** The version that answers `client` (and, with `version`, the pinned one). */
async function answeringVersion(client: string, version?: string): Promise<string> {
  const query = version ? `?version=${version}` : '';
  const response = await worker.fetch(`/v1/models/${store.name}/predict${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': client },
    body: JSON.stringify({ pixels }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return predictResponseSchema.parse(JSON.parse(text)).version;
}

describe('admin API authentication', () => {
  it('answers 401 without a bearer token, 403 with a wrong one, 200 with the secret', async () => {
    await expectError(await adminFetch('/versions', {}, null), 401, 'unauthorized');
    await expectError(await adminFetch('/versions', { headers: { authorization: `Basic ${btoa('a:b')}` } }, null), 401, 'unauthorized');
    await expectError(await adminFetch('/versions', {}, `${ADMIN_TOKEN}x`), 403, 'forbidden');
    await expectError(await adminFetch('/versions', {}, ADMIN_TOKEN.slice(0, -1)), 403, 'forbidden');
    expect((await adminFetch('/versions')).status).toBe(200);
  });
});

describe('registry lifecycle through the admin API', () => {
  it('never exposes an upload interrupted before its manifest, and refuses a mismatched artifact', async () => {
    const manifest = await store.manifestFor(V2);
    await expect(
      publishViaAdminApi({
        client: admin,
        manifest,
        artifacts: { model: store.onnx },
        onStep: (step) => {
          if (step.kind === 'manifest') throw new Error('interrupted before the manifest');
        },
      }),
    ).rejects.toThrow(/interrupted/);
    const listed = adminVersionsResponseSchema.parse(await (await adminFetch('/versions')).json());
    expect(listed.versions.map((v) => v.version)).toEqual([store.corruptVersion, store.version]);
    await expectError(await worker.fetch(`/v1/models/${store.name}/predict?version=${V2}`, { method: 'POST', body: JSON.stringify({ pixels }), headers: { 'content-type': 'application/json' } }), 404, 'version_not_found');
    await expectError(await adminFetch('/promote', { method: 'POST', body: JSON.stringify({ version: V2, channel: 'canary', percent: 50 }) }), 404, 'version_not_found');

    // Interrupted after the manifest but before the promotion: a complete version that serves nowhere.
    const before = await admin.channels(store.name);
    const interrupted = '20990101T000000Z-unpromoted';
    await expect(
      publishViaAdminApi({
        client: admin,
        manifest: await store.manifestFor(interrupted),
        artifacts: { model: store.onnx },
        promote: { channel: 'canary', percent: 100 },
        onStep: (step) => {
          if (step.kind === 'promote') throw new Error('interrupted before the promotion');
        },
      }),
    ).rejects.toThrow(/interrupted/);
    expect(await admin.channels(store.name)).toEqual(before);
    expect(await answeringVersion('someone')).toBe(store.version);
    expect((await adminFetch(`/versions/${interrupted}`, { method: 'DELETE' })).status).toBe(204);

    const wrongSha = await adminFetch(`/versions/${V2}/artifacts/model.onnx`, {
      method: 'PUT',
      body: new Uint8Array(store.onnx),
      headers: { 'x-content-sha256': '0'.repeat(64) },
    });
    await expectError(wrongSha, 400, 'validation_failed');
    // The manifest is refused while the stored artifact does not match it.
    await expectError(await adminFetch(`/versions/${V2}/manifest`, { method: 'PUT', body: JSON.stringify({ ...manifest, artifacts: { model: { ...manifest.artifacts.model, bytes: 1 } } }) }), 400, 'validation_failed');
  });

  it('publishes a version through the worker and puts it on canary for a sticky share of clients', async () => {
    const { channels } = await publishViaAdminApi({ client: admin, manifest: await store.manifestFor(V2), artifacts: { model: store.onnx }, promote: { channel: 'canary', percent: 50 } });
    expect(channels?.canary).toEqual({ version: V2, percent: 50 });
    // Immutable: a second upload of the same version is refused.
    await expect(publishViaAdminApi({ client: admin, manifest: await store.manifestFor(V2), artifacts: { model: store.onnx } })).rejects.toThrow(/409/);

    const first = await Promise.all(CLIENTS.map((client) => answeringVersion(client)));
    expect(new Set(first)).toEqual(new Set([store.version, V2]));
    expect(await Promise.all(CLIENTS.map((client) => answeringVersion(client)))).toEqual(first);
    // A pinned version answers whatever the share.
    for (const client of CLIENTS.slice(0, 6)) expect(await answeringVersion(client, store.version)).toBe(store.version);

    const listed = adminVersionsResponseSchema.parse(await (await adminFetch('/versions')).json());
    expect(listed.versions).toEqual([
      expect.objectContaining({ version: store.corruptVersion, channels: [] }),
      expect.objectContaining({ version: V2, channels: ['canary'] }),
      expect.objectContaining({ version: store.version, channels: ['production'] }),
    ]);
  });

  it('sets the canary share to all and to none', async () => {
    const all = await adminFetch('/canary', { method: 'PUT', body: JSON.stringify({ percent: 100 }) });
    expect(modelChannelsSchema.parse(await all.json()).canary?.percent).toBe(100);
    for (const client of CLIENTS.slice(0, 6)) expect(await answeringVersion(client)).toBe(V2);
    await expectError(await adminFetch('/canary', { method: 'PUT', body: JSON.stringify({ percent: 101 }) }), 400, 'validation_failed');
    const none = await adminFetch('/canary', { method: 'PUT', body: JSON.stringify({ percent: 0 }) });
    expect(modelChannelsSchema.parse(await none.json()).canary).toBeUndefined();
    for (const client of CLIENTS.slice(0, 6)) expect(await answeringVersion(client)).toBe(store.version);
  });

  it('promotes to production, refuses to delete a serving version, rolls back, then deletes the unused one', async () => {
    const promoted = await admin.promote(store.name, { version: V2, channel: 'production' });
    expect(promoted).toMatchObject({ production: V2, previous: [store.version] });
    expect(await answeringVersion('anyone')).toBe(V2);
    await expectError(await adminFetch(`/versions/${V2}`, { method: 'DELETE' }), 409, 'conflict');

    const rolled = await admin.rollback(store.name);
    expect(rolled.production).toBe(store.version);
    expect(await answeringVersion('anyone')).toBe(store.version);
    await expectError(await adminFetch('/rollback', { method: 'POST' }), 409, 'conflict');

    expect((await adminFetch(`/versions/${V2}`, { method: 'DELETE' })).status).toBe(204);
    // An isolate that loaded it may keep serving pins of it from memory; the registry no longer has it.
    await expectError(await worker.fetch(`/v1/models/${store.name}?version=${V2}`), 404, 'version_not_found');
    const listed = adminVersionsResponseSchema.parse(await (await adminFetch('/versions')).json());
    expect(listed.versions.map((v) => v.version)).not.toContain(V2);
  });

  it('answers 503 for a canary whose artifact is corrupt while production keeps serving', async () => {
    // Forced: the worker refuses to promote a version it cannot load (409), which this test gets past to see the 503.
    const refused = await adminFetch('/promote', { method: 'POST', body: JSON.stringify({ version: store.corruptVersion, channel: 'canary', percent: 100 }) });
    expect(refused.status).toBe(409);
    expect(errorBodySchema.parse(await refused.json()).error).toMatchObject({ code: 'conflict', details: { version: store.corruptVersion, reason: { code: 'model_unavailable' } } });
    await admin.promote(store.name, { version: store.corruptVersion, channel: 'canary', percent: 100, force: true });
    const response = await worker.fetch(`/v1/models/${store.name}/predict`, { method: 'POST', body: JSON.stringify({ pixels }), headers: { 'content-type': 'application/json', 'x-client-id': 'c' } });
    await expectError(response, 503, 'model_unavailable');
    expect(await answeringVersion('c', store.version)).toBe(store.version);
    await adminFetch('/canary', { method: 'PUT', body: JSON.stringify({ percent: 0 }) });
    expect(await answeringVersion('c')).toBe(store.version);
  });

  it('appends every admin action to the audit log', async () => {
    const { entries } = (await (await adminFetch('/audit')).json()) as { entries: unknown[] };
    const actions = entries.map((entry) => auditEntrySchema.parse(entry).action);
    expect(actions).toEqual(['upload-version', 'delete-version', 'upload-version', 'promote', 'set-canary', 'set-canary', 'promote', 'rollback', 'delete-version', 'promote', 'set-canary']);
  });
});
