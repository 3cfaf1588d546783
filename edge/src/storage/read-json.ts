import { EdgeError } from '../errors/edge-error.ts';

/** The part of a zod schema used here, so the edge needs no direct zod import. */
export interface ParseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

export interface ReadJsonOptions {
  /**
   * What an object that is not valid JSON or not of the schema does. `fail` (default): throws
   * EdgeError `model_unavailable`, since a broken published object is nothing a client can fix.
   * `skip`: logs one line and reads as absent, for listings where one bad object must not hide the rest.
   */
  onInvalid?: 'fail' | 'skip';
}

/** An R2 JSON object validated by `schema`, or null when the key does not exist. */
export async function readJson<T>(bucket: R2Bucket, key: string, schema: ParseSchema<T>, options: ReadJsonOptions = {}): Promise<T | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  return parseStoredJson(await object.text(), key, schema, options);
}

/** `text` read from `source` (a key, or an artifact's description) as JSON of `schema`, with `readJson`'s `onInvalid`. */
export function parseStoredJson<T>(text: string, source: string, schema: ParseSchema<T>, options: ReadJsonOptions = {}): T | null {
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    problem = `${source} in the model store is invalid: ${parsed.error.message}`;
  } catch {
    problem = `${source} in the model store is not valid JSON`;
  }
  if (options.onInvalid !== 'skip') throw new EdgeError('model_unavailable', problem);
  console.warn(`skipped: ${problem}`);
  return null;
}
