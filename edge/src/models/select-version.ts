import type { ModelChannels } from '@edgeml/shared';

/**
 * The version that answers a client who did not pin one: the canary for `canary.percent` of
 * client keys, else production. The choice hashes the model name with the client key, so one
 * client stays on one version while the share is unchanged, and raising the share only moves
 * clients from production to the canary.
 */
export function selectVersion(channels: ModelChannels, clientKey: string): string {
  const canary = channels.canary;
  if (!canary || canary.percent <= 0) return channels.production;
  return trafficBucket(`${channels.name}\u0000${clientKey}`) < canary.percent * 100 ? canary.version : channels.production;
}

/** FNV-1a of `text`, reduced to 0-9999: a stable, evenly spread bucket per key. */
export function trafficBucket(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 10_000;
}
