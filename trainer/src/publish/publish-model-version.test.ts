import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactKey, channelsKey, manifestKey, modelManifestSchema, sha256Hex, type ModelManifest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from './object-store.ts';
import { publishModelVersion, type PublishStep } from './publish-model-version.ts';
import { openTempR2Store } from './testdata/open-temp-r2-store.ts';

let store: ObjectStore;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ store, dispose } = await openTempR2Store());
});

afterAll(() => dispose?.());

async function draft(name: string, version: string, bytes: Uint8Array): Promise<ModelManifest> {
  return modelManifestSchema.parse({
    schemaVersion: 1,
    name,
    version,
    task: 'image-classification',
    labels: ['a', 'b'],
    input: { kind: 'image', name: 'input', shape: [-1, 28, 28, 1], preprocessing: { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 } },
    output: { name: 'probabilities', kind: 'probabilities' },
    metrics: { testAccuracy: 0.5 },
    artifacts: { model: { key: artifactKey(name, version, 'model.onnx'), bytes: bytes.length, sha256: await sha256Hex(bytes), contentType: 'application/octet-stream' } },
    training: { architecture: 'x', dataset: 'y', epochs: 1, batchSize: 1, optimizer: 'adam', learningRate: 0.001, backend: 'cpu' },
    createdAt: new Date().toISOString(),
  });
}

const modelBytes = new Uint8Array(4096).map((_, i) => (i * 31) % 251);

describe('publishModelVersion', () => {
  it('writes artifacts, manifest, then channels, and refuses to overwrite a version', async () => {
    const manifest = await draft('digits', 'v1', modelBytes);
    const steps: PublishStep['kind'][] = [];
    await publishModelVersion({ store, manifest, artifacts: { model: modelBytes }, onStep: (s) => void steps.push(s.kind) });
    expect(steps).toEqual(['artifact', 'verify', 'manifest', 'channels']);
    expect(await store.get(manifest.artifacts.model.key)).toEqual(modelBytes);
    const channels = JSON.parse(new TextDecoder().decode((await store.get(channelsKey('digits')))!));
    expect(channels.production).toBe('v1');
    await expect(publishModelVersion({ store, manifest, artifacts: { model: modelBytes } })).rejects.toMatchObject({ code: 'conflict' });
  });

  it.each(['artifact', 'verify', 'manifest', 'channels'] as const)('leaves readers on the old version when interrupted at %s', async (failAt) => {
    const name = `interrupt-${failAt}`;
    await publishModelVersion({ store, manifest: await draft(name, 'v1', modelBytes), artifacts: { model: modelBytes } });
    const newBytes = modelBytes.map((b) => 255 - b);
    const manifest = await draft(name, 'v2', newBytes);
    const interrupted = publishModelVersion({
      store,
      manifest,
      artifacts: { model: newBytes },
      onStep: (s) => {
        if (s.kind === failAt) throw new Error(`crash before ${failAt}`);
      },
    });
    await expect(interrupted).rejects.toThrow(`crash before ${failAt}`);
    const channels = JSON.parse(new TextDecoder().decode((await store.get(channelsKey(name)))!));
    expect(channels.production).toBe('v1');
    if (failAt !== 'channels') {
      // Nothing of the failed version is left behind.
      expect(await store.head(manifestKey(name, 'v2'))).toBeNull();
      expect(await store.head(manifest.artifacts.model.key)).toBeNull();
    }
  });

  it('refuses artifacts that do not match the manifest', async () => {
    const manifest = await draft('mismatch', 'v1', modelBytes);
    const other = modelBytes.slice();
    other[0] = other[0]! ^ 1;
    const error = await publishModelVersion({ store, manifest, artifacts: { model: other } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainerError);
    expect((error as TrainerError).code).toBe('integrity_mismatch');
    expect(await store.head(manifest.artifacts.model.key)).toBeNull();
  });

  it('keeps a running canary and the rollback history when a new version is published', async () => {
    const name = 'keeps-canary';
    await publishModelVersion({ store, manifest: await draft(name, 'v1', modelBytes), artifacts: { model: modelBytes } });
    const key = channelsKey(name);
    const current = JSON.parse(new TextDecoder().decode((await store.get(key))!));
    const withCanary = { ...current, canary: { version: 'v1', percent: 10 }, shadow: { version: 'v1', percent: 5 } };
    await store.put(key, new TextEncoder().encode(JSON.stringify({ ...withCanary, canary: { version: 'v0', percent: 10 } })), { contentType: 'application/json' });
    const v2 = modelBytes.map((b) => 255 - b);
    const { channels } = await publishModelVersion({ store, manifest: await draft(name, 'v2', v2), artifacts: { model: v2 } });
    expect(channels).toMatchObject({ production: 'v2', previous: ['v1'], canary: { version: 'v0', percent: 10 }, shadow: { version: 'v1', percent: 5 } });
    const v3 = modelBytes.map((b) => (b + 7) % 256);
    const third = await publishModelVersion({ store, manifest: await draft(name, 'v3', v3), artifacts: { model: v3 } });
    expect(third.channels?.previous).toEqual(['v2', 'v1']);
  });

  it('does not overwrite channels an admin changed while it published: the write is etag-guarded and retried', async () => {
    const name = 'races-promote';
    await publishModelVersion({ store, manifest: await draft(name, 'v1', modelBytes), artifacts: { model: modelBytes } });
    const key = channelsKey(name);
    const v2 = modelBytes.map((b) => 255 - b);
    let raced = false;
    const { channels } = await publishModelVersion({
      store,
      manifest: await draft(name, 'v2', v2),
      artifacts: { model: v2 },
      onStep: async (step) => {
        if (step.kind !== 'channels' || raced) return;
        raced = true;
        // An admin puts a canary on after the publish read the channels and before it writes them.
        const current = JSON.parse(new TextDecoder().decode((await store.get(key))!));
        await store.put(key, new TextEncoder().encode(JSON.stringify({ ...current, canary: { version: 'v0', percent: 20 } })), { contentType: 'application/json' });
      },
    });
    expect(channels).toMatchObject({ production: 'v2', previous: ['v1'], canary: { version: 'v0', percent: 20 } });
    expect(JSON.parse(new TextDecoder().decode((await store.get(key))!))).toMatchObject({ production: 'v2', canary: { version: 'v0', percent: 20 } });
  });

  it('writes conditionally: on an etag that changed, or on a key that exists, the put is refused', async () => {
    const key = 'models/conditional/channels.json';
    const body = new TextEncoder().encode('{}');
    expect(await store.put(key, body, { contentType: 'application/json', onlyIf: { absent: true } })).toBe(true);
    expect(await store.put(key, body, { contentType: 'application/json', onlyIf: { absent: true } })).toBe(false);
    const { etag } = (await store.head(key))!;
    // R2's etag is the content's MD5: only a change of content changes it.
    await store.put(key, new TextEncoder().encode('{"changed":true}'), { contentType: 'application/json' });
    expect(await store.put(key, body, { contentType: 'application/json', onlyIf: { etagMatches: etag } })).toBe(false);
    expect(await store.put(key, body, { contentType: 'application/json', onlyIf: { etagMatches: (await store.head(key))!.etag } })).toBe(true);
  });

  it('lists published models by prefix', async () => {
    const { prefixes } = await store.list('models/', { delimiter: '/' });
    expect(prefixes).toEqual(expect.arrayContaining(['models/digits/', 'models/interrupt-artifact/']));
  });
});
