import type { ModelVersionSummary } from '@edgeml/shared';
import { channelsOf } from '../admin/list-versions.ts';
import { listVersionManifests } from './list-version-manifests.ts';
import { readChannels } from './read-channels.ts';

/**
 * Every published version of `name` (image or text), newest first, with its metrics, the channels
 * serving it and whether it has training curves. Throws EdgeError `model_not_found` for a name not published.
 */
export async function listVersionSummaries(bucket: R2Bucket, name: string): Promise<ModelVersionSummary[]> {
  const channels = await readChannels(bucket, name);
  return (await listVersionManifests(bucket, name)).map(({ version, createdAt, metrics, artifacts }) => ({
    version,
    createdAt,
    metrics,
    channels: channelsOf(channels, version),
    curves: artifacts.curves !== undefined,
  }));
}
