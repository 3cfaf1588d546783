import type { ModelChannels } from '@edgeml/shared';

/**
 * The versions anyone may pin with `?version=`: those the channels name (production, the canary,
 * the shadow, and the earlier productions a rollback returns to). Any other version, rolled back
 * long ago or never promoted, needs the admin token.
 */
export function publicVersions(channels: ModelChannels): Set<string> {
  const versions = new Set([channels.production, ...(channels.previous ?? [])]);
  if (channels.canary) versions.add(channels.canary.version);
  if (channels.shadow) versions.add(channels.shadow.version);
  return versions;
}
