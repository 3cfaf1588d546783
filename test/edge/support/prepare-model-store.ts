import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { artifactKey, channelsKey, manifestKey, sha256Hex, type ModelManifest } from '@edgeml/shared';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { REPO_ROOT } from '../../support/published-model.ts';

/** The models a test store holds besides the trained one, each broken in its own way. */
export interface TestModelStore {
  persistDir: string;
  /** The trained model: its name, production version and a second, unpromoted version of the same bytes. */
  name: string;
  version: string;
  pinnedVersion: string;
  /** Its artifact's size, to set a model budget between it and `tooLarge`. */
  modelBytes: number;
  /** Artifact bytes altered after publishing: sha256 mismatch. */
  corrupt: string;
  /** Artifact intact (sha256 matches) but not an ONNX model. */
  unloadable: string;
  /** A valid ONNX model padded to `tooLargeBytes`. */
  tooLarge: string;
  tooLargeBytes: number;
  /** Its manifest gives the trained model's size, but the stored artifact is the padded one. */
  understated: string;
  /** channels.json names a version that has no manifest. */
  dangling: string;
  dispose(): Promise<void>;
}

const PINNED_VERSION = '20200101T000000Z-pinned';
const PADDING_BYTES = 2 * 2 ** 20;

/**
 * A scratch copy of the published test model's local R2, with extra models written straight into
 * it (bypassing the publisher's own checks, which would refuse them) for the worker's error tests.
 */
export async function prepareModelStore(published: { persistDir: string; name: string; version: string }): Promise<TestModelStore> {
  const persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-edge-r2-'));
  await cp(published.persistDir, persistDir, { recursive: true });
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    const manifest = JSON.parse(new TextDecoder().decode((await store.get(manifestKey(published.name, published.version)))!)) as ModelManifest;
    const onnx = (await store.get(manifest.artifacts.model.key))!;

    await writeVersion(store, { ...manifest, version: PINNED_VERSION }, onnx, { promote: false });
    // An earlier production (the rollback history), which anyone may pin; other versions need the admin token.
    const channels = JSON.parse(new TextDecoder().decode((await store.get(channelsKey(published.name)))!)) as Record<string, unknown>;
    await store.put(channelsKey(published.name), json({ ...channels, previous: [PINNED_VERSION] }), { contentType: 'application/json' });
    const corrupt = onnx.slice();
    corrupt[Math.floor(corrupt.length / 2)]! ^= 0xff;
    await writeVersion(store, { ...manifest, name: 'mnist-corrupt' }, onnx, { stored: corrupt });
    await writeVersion(store, { ...manifest, name: 'mnist-unloadable' }, new TextEncoder().encode('this is not an ONNX model '.repeat(100)));
    const padded = padOnnx(onnx, PADDING_BYTES);
    await writeVersion(store, { ...manifest, name: 'mnist-too-large' }, padded);
    await writeVersion(store, { ...manifest, name: 'mnist-understated' }, onnx, { stored: padded });
    await store.put(channelsKey('mnist-dangling'), json({ schemaVersion: 1, name: 'mnist-dangling', production: 'no-such-version', updatedAt: manifest.createdAt }), {
      contentType: 'application/json',
    });
    return {
      persistDir,
      name: published.name,
      version: published.version,
      pinnedVersion: PINNED_VERSION,
      modelBytes: onnx.length,
      corrupt: 'mnist-corrupt',
      unloadable: 'mnist-unloadable',
      tooLarge: 'mnist-too-large',
      tooLargeBytes: padded.length,
      understated: 'mnist-understated',
      dangling: 'mnist-dangling',
      dispose: () => rm(persistDir, { recursive: true, force: true }),
    };
  } finally {
    await store.close();
  }
}

/** Writes artifact, manifest and (unless `promote` is false) channels, as the publisher lays them out. */
async function writeVersion(
  store: ObjectStore,
  base: ModelManifest,
  bytes: Uint8Array,
  options: { stored?: Uint8Array; promote?: boolean } = {},
): Promise<void> {
  const key = artifactKey(base.name, base.version, 'model.onnx');
  const manifest: ModelManifest = {
    ...base,
    artifacts: { model: { ...base.artifacts.model, key, bytes: bytes.length, sha256: await sha256Hex(bytes) } },
  };
  await store.put(key, options.stored ?? bytes, { contentType: 'application/octet-stream' });
  await store.put(manifestKey(base.name, base.version), json(manifest), { contentType: 'application/json' });
  if (options.promote === false) return;
  await store.put(channelsKey(base.name), json({ schemaVersion: 1, name: base.name, production: base.version, updatedAt: base.createdAt }), {
    contentType: 'application/json',
  });
}

/**
 * The ONNX model with an unknown length-delimited field (number 1000) appended to its
 * ModelProto: protobuf parsers skip unknown fields, so it stays the same valid model, only larger.
 */
export function padOnnx(onnx: Uint8Array, padding: number): Uint8Array {
  const header = [...varint((1000 << 3) | 2), ...varint(padding)];
  const padded = new Uint8Array(onnx.length + header.length + padding);
  padded.set(onnx);
  padded.set(header, onnx.length);
  return padded;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
