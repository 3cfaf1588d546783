import type { ModelChannels, PromoteRequest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

const MAX_PREVIOUS = 20;

/**
 * The channels after promoting a version. To production: the old production version becomes the
 * first `previous` (what a rollback returns to) and the version leaves canary and shadow. To
 * canary or shadow: it answers (or shadows) `percent` of clients.
 */
export function applyPromotion(channels: ModelChannels, request: PromoteRequest): ModelChannels {
  const { version } = request;
  if (request.channel === 'production') {
    if (channels.production === version) return channels;
    const previous = [channels.production, ...(channels.previous ?? []).filter((v) => v !== version)].slice(0, MAX_PREVIOUS);
    return {
      ...channels,
      production: version,
      previous,
      canary: channels.canary?.version === version ? undefined : channels.canary,
      shadow: channels.shadow?.version === version ? undefined : channels.shadow,
    };
  }
  if (channels.production === version) {
    throw new EdgeError('conflict', `${channels.name}@${version} is production already; it cannot also be ${request.channel}`);
  }
  return { ...channels, [request.channel]: { version, percent: request.percent ?? 0 } };
}

/** The channels after a rollback: production returns to `to` (the newest usable previous version), the canary is dropped. */
export function applyRollback(channels: ModelChannels, to: string): ModelChannels {
  return {
    ...channels,
    production: to,
    previous: (channels.previous ?? []).slice((channels.previous ?? []).indexOf(to) + 1),
    canary: undefined,
  };
}

/** The channels with the canary's share changed; 0 removes the canary. */
export function applyCanaryShare(channels: ModelChannels, percent: number): ModelChannels {
  if (!channels.canary) throw new EdgeError('conflict', `model "${channels.name}" has no canary`);
  return { ...channels, canary: percent === 0 ? undefined : { ...channels.canary, percent } };
}
