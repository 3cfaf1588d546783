import { EdgeError } from '../errors/edge-error.ts';

/** The part of a zod schema used here, so the edge needs no direct zod import. */
export interface ParseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/**
 * An R2 JSON object validated by `schema`, or null when the key does not exist.
 * Throws EdgeError `model_unavailable` when the object is not valid JSON or not of the schema:
 * a published object is broken, which no client can fix.
 */
export async function readJsonObject<T>(bucket: R2Bucket, key: string, schema: ParseSchema<T>): Promise<T | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  let json: unknown;
  try {
    json = JSON.parse(await object.text());
  } catch {
    throw new EdgeError('model_unavailable', `${key} in the model store is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new EdgeError('model_unavailable', `${key} in the model store is invalid: ${parsed.error.message}`);
  return parsed.data;
}
