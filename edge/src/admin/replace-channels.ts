import { channelsKey, modelChannelsSchema, type ModelChannels } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readJsonObject } from '../models/read-json-object.ts';
import { modelNotFound } from '../models/read-production-version.ts';

/**
 * Replaces a model's channels.json whole with `change(current)`, conditionally on the etag read:
 * two admins acting at once cannot silently overwrite each other (the loser gets 409 `conflict`).
 * Returns the channels before and after.
 */
export async function replaceChannels(
  bucket: R2Bucket,
  name: string,
  change: (current: ModelChannels) => ModelChannels | Promise<ModelChannels>,
): Promise<{ before: ModelChannels; after: ModelChannels }> {
  const key = channelsKey(name);
  const head = await bucket.head(key);
  if (!head) throw modelNotFound(name);
  const before = await readJsonObject(bucket, key, modelChannelsSchema);
  if (!before) throw modelNotFound(name);
  const after = modelChannelsSchema.parse({ ...(await change(before)), updatedAt: new Date().toISOString() });
  const written = await bucket.put(key, `${JSON.stringify(after, null, 2)}\n`, {
    httpMetadata: { contentType: 'application/json' },
    onlyIf: { etagMatches: head.etag },
  });
  if (!written) throw new EdgeError('conflict', `the channels of "${name}" changed meanwhile; retry`, { model: name });
  return { before, after };
}
