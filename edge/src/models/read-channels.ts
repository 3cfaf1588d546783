import { channelsKey, modelChannelsSchema, modelNameSchema, type ModelChannels } from '@edgeml/shared';
import { readJson } from '../storage/read-json.ts';
import { modelNotFound } from './read-production-version.ts';

/** A model's channels.json. Throws EdgeError `model_not_found` for a name that is not published. */
export async function readChannels(bucket: R2Bucket, name: string): Promise<ModelChannels> {
  if (!modelNameSchema.safeParse(name).success) throw modelNotFound(name);
  const channels = await readJson(bucket, channelsKey(name), modelChannelsSchema);
  if (!channels) throw modelNotFound(name);
  return channels;
}
