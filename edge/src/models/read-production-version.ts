import { channelsKey, modelChannelsSchema, modelNameSchema } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readJson } from '../storage/read-json.ts';
import { clipInput } from '../errors/clip-input.ts';

/**
 * The version a model serves now, from its channels.json (which the publisher writes last).
 * Throws EdgeError `model_not_found` for a name that is not published (or not a valid name).
 */
export async function readProductionVersion(bucket: R2Bucket, name: string): Promise<string> {
  if (!modelNameSchema.safeParse(name).success) throw modelNotFound(name);
  const channels = await readJson(bucket, channelsKey(name), modelChannelsSchema);
  if (!channels) throw modelNotFound(name);
  return channels.production;
}

export function modelNotFound(name: string): EdgeError {
  return new EdgeError('model_not_found', `no model named "${clipInput(name)}" is published`, { model: clipInput(name) });
}
