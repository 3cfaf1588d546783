import type { AdminVersion, ModelChannels } from '@edgeml/shared';
import { listVersionManifests } from '../models/list-version-manifests.ts';

/** Every version of `name` with a manifest, newest first, with the channels each serves on (none without `channels`). */
export async function listVersions(bucket: R2Bucket, name: string, channels: ModelChannels | null): Promise<AdminVersion[]> {
  return (await listVersionManifests(bucket, name)).map(({ version, createdAt }) => ({ version, createdAt, channels: channels ? channelsOf(channels, version) : [] }));
}

export function channelsOf(channels: ModelChannels, version: string): AdminVersion['channels'] {
  const on: AdminVersion['channels'] = [];
  if (channels.production === version) on.push('production');
  if (channels.canary?.version === version) on.push('canary');
  if (channels.shadow?.version === version) on.push('shadow');
  if (channels.previous?.includes(version)) on.push('previous');
  return on;
}
