import { MODELS_PREFIX, manifestKey, modelManifestSchema, type ModelVersionSummary } from '@edgeml/shared';
import { channelsOf } from '../admin/list-versions.ts';
import { readChannels } from './read-channels.ts';
import { readJsonObject } from './read-json-object.ts';

/**
 * Every published version of `name`, newest first, with its metrics, the channels serving it and
 * whether it has training curves. Throws EdgeError `model_not_found` for a name not published.
 */
export async function listVersionSummaries(bucket: R2Bucket, name: string): Promise<ModelVersionSummary[]> {
  const channels = await readChannels(bucket, name);
  const prefix = `${MODELS_PREFIX}${name}/versions/`;
  const versions: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, delimiter: '/', cursor });
    for (const p of page.delimitedPrefixes) versions.push(p.slice(prefix.length, -1));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const listed = await Promise.all(
    versions.map(async (version): Promise<ModelVersionSummary | null> => {
      // A version without a readable manifest is half-published or half-deleted: not listed.
      const manifest = await readJsonObject(bucket, manifestKey(name, version), modelManifestSchema).catch(() => null);
      if (!manifest) return null;
      return { version, createdAt: manifest.createdAt, metrics: manifest.metrics, channels: channelsOf(channels, version), curves: manifest.artifacts.curves !== undefined };
    }),
  );
  return listed.filter((v) => v !== null).sort((a, b) => b.version.localeCompare(a.version));
}
