import { updateChannels, type ModelChannels } from '@edgeml/shared';
import { modelNotFound } from '../models/read-production-version.ts';
import { r2ChannelsObject } from '../storage/r2-channels-object.ts';

/**
 * Replaces a model's channels.json whole with `change(current)`, conditionally on the etag read
 * (`updateChannels`): two admins, or an admin and a publish, acting at once cannot overwrite each
 * other; the one that lost the race re-applies its change to what the other wrote. A model
 * without channels is `model_not_found`. Returns the channels before and after.
 */
export async function replaceChannels(
  bucket: R2Bucket,
  name: string,
  change: (current: ModelChannels) => ModelChannels | Promise<ModelChannels>,
): Promise<{ before: ModelChannels; after: ModelChannels }> {
  let before: ModelChannels | undefined;
  const { after } = await updateChannels(r2ChannelsObject(bucket, name), (current) => {
    if (!current) throw modelNotFound(name);
    before = current;
    return change(current);
  });
  return { before: before!, after };
}
