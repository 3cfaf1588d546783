import { InputError } from '../errors.ts';
import { MAX_PREVIOUS, type ModelChannels } from '../schemas/channels.ts';
import type { PromoteRequest } from '../schemas/admin.ts';

/** The channels of a model's first production version: nothing to roll back to, no challengers. */
export function firstPromotion(name: string, version: string): ModelChannels {
  return { schemaVersion: 1, name, production: version, updatedAt: new Date().toISOString() };
}

/**
 * The channels after promoting a version. To production: the old production version becomes the
 * first `previous` (what a rollback returns to) and the version leaves canary and shadow; a canary
 * or shadow of another version keeps running. To canary or shadow: it answers (or shadows)
 * `percent` of clients. The admin API and the trainer's publish both promote through this.
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
    throw new InputError('conflict', `${channels.name}@${version} is production already; it cannot also be ${request.channel}`);
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
  if (!channels.canary) throw new InputError('conflict', `model "${channels.name}" has no canary`);
  return { ...channels, canary: percent === 0 ? undefined : { ...channels.canary, percent } };
}
