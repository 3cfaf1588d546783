import { anyModelManifestSchema, channelsKey, manifestKey, modelChannelsSchema, type AnyModelManifest } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';

/** The production manifest of a model (image or text), or null when none is published (or it is unreadable). */
export async function findPublishedManifest(store: ObjectStore, name: string): Promise<AnyModelManifest | null> {
  const channelsBytes = await store.get(channelsKey(name));
  if (!channelsBytes) return null;
  const channels = modelChannelsSchema.safeParse(parseJson(channelsBytes));
  if (!channels.success) return null;
  const manifestBytes = await store.get(manifestKey(name, channels.data.production));
  if (!manifestBytes) return null;
  const manifest = anyModelManifestSchema.safeParse(parseJson(manifestBytes));
  if (!manifest.success) return null;
  const artifact = await store.head(manifest.data.artifacts.model.key);
  return artifact && artifact.size === manifest.data.artifacts.model.bytes ? manifest.data : null;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
