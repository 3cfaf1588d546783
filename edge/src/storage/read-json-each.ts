import { readJson, type ParseSchema } from './read-json.ts';

/** The objects at `keys` read as JSON of `schema`, in order; a missing or unreadable one is skipped (and logged), not an error. */
export async function readJsonEach<T>(bucket: R2Bucket, keys: readonly string[], schema: ParseSchema<T>): Promise<T[]> {
  const read = await Promise.all(keys.map((key) => readJson(bucket, key, schema, { onInvalid: 'skip' })));
  return read.filter((value) => value !== null);
}
