import {
  anyModelManifestSchema,
  applyPromotion,
  channelsKey,
  firstPromotion,
  manifestKey,
  sha256Hex,
  updateChannels,
  type AnyModelManifest,
  type ModelChannels,
} from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from './object-store.ts';
import { storeChannelsObject } from './store-channels-object.ts';

export interface PublishModelVersionParams<M extends AnyModelManifest = AnyModelManifest> {
  store: ObjectStore;
  /** An image or a text model's manifest (narrowed on `task`). */
  manifest: M;
  /** Bytes of each artifact named in `manifest.artifacts`. */
  artifacts: Record<string, Uint8Array>;
  /** Point the production channel at the new version (default true). */
  promote?: boolean;
  /** Called before each step; lets tests interrupt a publish at every point. */
  onStep?: (step: PublishStep) => void | Promise<void>;
}

export type PublishStep =
  | { kind: 'artifact'; key: string }
  | { kind: 'verify'; key: string }
  | { kind: 'manifest'; key: string }
  | { kind: 'channels'; key: string };

/**
 * Publishes an immutable version: artifacts first (sha256 checked by the store on upload and
 * again on read-back), then the manifest, then — last — the channels object that readers follow.
 * A failure before the manifest removes what was written; readers never see a partial version.
 */
export async function publishModelVersion<M extends AnyModelManifest>(
  params: PublishModelVersionParams<M>,
): Promise<{ manifest: M; channels?: ModelChannels }> {
  const { store, artifacts, onStep } = params;
  const parsed = anyModelManifestSchema.safeParse(params.manifest);
  if (!parsed.success) throw new TrainerError('invalid_argument', `invalid manifest: ${parsed.error.message}`);
  const manifest = parsed.data as M;
  const mKey = manifestKey(manifest.name, manifest.version);
  if (await store.head(mKey)) {
    throw new TrainerError('conflict', `${manifest.name}@${manifest.version} is already published; versions are immutable`);
  }
  for (const [artifactName, artifact] of Object.entries(manifest.artifacts)) {
    const bytes = artifacts[artifactName];
    if (!bytes) throw new TrainerError('invalid_argument', `no bytes given for artifact "${artifactName}"`);
    if (bytes.length !== artifact.bytes || (await sha256Hex(bytes)) !== artifact.sha256) {
      throw new TrainerError('integrity_mismatch', `artifact "${artifactName}" does not match its manifest entry (size or sha256)`);
    }
  }

  const written: string[] = [];
  try {
    for (const [artifactName, artifact] of Object.entries(manifest.artifacts)) {
      const bytes = artifacts[artifactName]!;
      await onStep?.({ kind: 'artifact', key: artifact.key });
      written.push(artifact.key);
      await store.put(artifact.key, bytes, { contentType: artifact.contentType, sha256: artifact.sha256 });
    }
    for (const artifact of Object.values(manifest.artifacts)) {
      await onStep?.({ kind: 'verify', key: artifact.key });
      const stored = await store.get(artifact.key);
      if (!stored || (await sha256Hex(stored)) !== artifact.sha256) {
        throw new TrainerError('integrity_mismatch', `${artifact.key} read back from ${store.description} does not match its sha256`);
      }
    }
    await onStep?.({ kind: 'manifest', key: mKey });
    written.push(mKey);
    await store.put(mKey, encodeJson(manifest), { contentType: 'application/json' });
  } catch (error) {
    await store.delete(written).catch(() => {});
    throw error instanceof TrainerError
      ? error
      : new TrainerError('storage_failed', `publishing ${manifest.name}@${manifest.version} failed: ${(error as Error).message}`);
  }
  if (params.promote === false) return { manifest };

  // The canary, shadow and rollback history the admin API set are kept (a plain publish must not
  // silently end a running canary), and the write is etag-guarded: a promote meanwhile is re-read, not overwritten.
  const { name, version } = manifest;
  const { after } = await updateChannels(storeChannelsObject(store, name), async (current) => {
    await onStep?.({ kind: 'channels', key: channelsKey(name) });
    return current ? applyPromotion(current, { version, channel: 'production' }) : firstPromotion(name, version);
  });
  return { manifest, channels: after };
}

function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}
