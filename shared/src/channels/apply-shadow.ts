import { InputError } from '../errors.ts';
import type { ModelChannels } from '../schemas/channels.ts';
import type { ShadowRequest } from '../schemas/shadow.ts';

/**
 * The channels with the shadow set from `request`: a version with its share, or (without a
 * version) the current shadow's share changed; a share of 0 clears the shadow.
 */
export function applyShadow(channels: ModelChannels, request: ShadowRequest): ModelChannels {
  if (request.percent === 0) return { ...channels, shadow: undefined };
  const version = request.version ?? channels.shadow?.version;
  if (version === undefined) throw new InputError('conflict', `model "${channels.name}" has no shadow; give a "version"`);
  if (version === channels.production) {
    throw new InputError('conflict', `${channels.name}@${version} is production; it cannot shadow itself`);
  }
  return { ...channels, shadow: { version, percent: request.percent } };
}
