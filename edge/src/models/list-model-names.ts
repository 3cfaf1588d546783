import { listAll, MODELS_PREFIX } from '@edgeml/shared';

/** Names of the published models: the `models/{name}/` folders. */
export async function listModelNames(bucket: R2Bucket): Promise<string[]> {
  return (await listAll(bucket, MODELS_PREFIX, { delimiter: '/' })).folders;
}
