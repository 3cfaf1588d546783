import type { ModelChannels, ShadowRequest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/**
 * The channels with the shadow set from `request`: a version with its share, or (without a
 * version) the current shadow's share changed; a share of 0 clears the shadow.
 */
export function applyShadow(channels: ModelChannels, request: ShadowRequest): ModelChannels {
  if (request.percent === 0) return { ...channels, shadow: undefined };
  const version = request.version ?? channels.shadow?.version;
  if (version === undefined) throw new EdgeError('conflict', `model "${channels.name}" has no shadow; give a "version"`);
  if (version === channels.production) {
    throw new EdgeError('conflict', `${channels.name}@${version} is production; it cannot shadow itself`);
  }
  return { ...channels, shadow: { version, percent: request.percent } };
}
