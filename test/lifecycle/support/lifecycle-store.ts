import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { artifactKey, manifestKey, sha256Hex, type ModelManifest } from '@edgeml/shared';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { REPO_ROOT } from '../../support/published-model.ts';

export interface LifecycleStore {
  persistDir: string;
  name: string;
  /** The production version the integration setup published. */
  version: string;
  manifest: ModelManifest;
  onnx: Uint8Array;
  /** A complete, unpromoted version whose stored artifact was altered after publishing (sha256 mismatch). */
  corruptVersion: string;
  /** A manifest for `version` with the trained model's bytes (for uploads through the admin API). */
  manifestFor(version: string): Promise<ModelManifest>;
  dispose(): Promise<void>;
}

const CORRUPT_VERSION = '20990102T000000Z-corrupt';

/** A scratch copy of the published test model's local R2 that a test may change freely. */
export async function prepareLifecycleStore(published: { persistDir: string; name: string; version: string }): Promise<LifecycleStore> {
  const persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-lifecycle-r2-'));
  await cp(published.persistDir, persistDir, { recursive: true });
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    const manifest = JSON.parse(new TextDecoder().decode((await store.get(manifestKey(published.name, published.version)))!)) as ModelManifest;
    const onnx = (await store.get(manifest.artifacts.model.key))!;
    // Written straight into R2, since the publisher and the admin API both refuse corrupt bytes.
    const corruptKey = artifactKey(manifest.name, CORRUPT_VERSION, 'model.onnx');
    const corrupt = onnx.slice();
    corrupt[Math.floor(corrupt.length / 2)]! ^= 0xff;
    await store.put(corruptKey, corrupt, { contentType: 'application/octet-stream' });
    const corruptManifest = { ...manifest, version: CORRUPT_VERSION, artifacts: { model: { ...manifest.artifacts.model, key: corruptKey } } };
    await store.put(manifestKey(manifest.name, CORRUPT_VERSION), new TextEncoder().encode(JSON.stringify(corruptManifest)), { contentType: 'application/json' });
    return {
      corruptVersion: CORRUPT_VERSION,
      persistDir,
      name: published.name,
      version: published.version,
      manifest,
      onnx,
      manifestFor: async (version) => ({
        ...manifest,
        version,
        createdAt: new Date().toISOString(),
        artifacts: {
          model: { ...manifest.artifacts.model, key: artifactKey(manifest.name, version, 'model.onnx'), bytes: onnx.length, sha256: await sha256Hex(onnx) },
        },
      }),
      dispose: () => rm(persistDir, { recursive: true, force: true }),
    };
  } finally {
    await store.close();
  }
}
