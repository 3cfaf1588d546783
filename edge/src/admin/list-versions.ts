import { MODELS_PREFIX, manifestKey, modelManifestSchema, type AdminVersion, type ModelChannels } from '@edgeml/shared';
import { readJsonObject } from '../models/read-json-object.ts';

/** Every version of `name` with a manifest, newest first, with the channels each serves on. */
export async function listVersions(bucket: R2Bucket, name: string, channels: ModelChannels): Promise<AdminVersion[]> {
  const prefix = `${MODELS_PREFIX}${name}/versions/`;
  const versions: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, delimiter: '/', cursor });
    for (const p of page.delimitedPrefixes) versions.push(p.slice(prefix.length, -1));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const listed = await Promise.all(
    versions.map(async (version): Promise<AdminVersion | null> => {
      // A version without a manifest is half-published or half-deleted: not a version.
      const manifest = await readJsonObject(bucket, manifestKey(name, version), modelManifestSchema).catch(() => null);
      if (!manifest) return null;
      return { version, createdAt: manifest.createdAt, channels: channelsOf(channels, version) };
    }),
  );
  return listed.filter((v) => v !== null).sort((a, b) => b.version.localeCompare(a.version));
}

export function channelsOf(channels: ModelChannels, version: string): AdminVersion['channels'] {
  const on: AdminVersion['channels'] = [];
  if (channels.production === version) on.push('production');
  if (channels.canary?.version === version) on.push('canary');
  if (channels.shadow?.version === version) on.push('shadow');
  if (channels.previous?.includes(version)) on.push('previous');
  return on;
}
