import { EdgeError } from '../errors/edge-error.ts';
import { readJson, type ParseSchema } from './read-json.ts';

export interface UpdateStoredJsonOptions {
  /** The error when there is no object at the key. */
  missing: () => EdgeError;
  /** What the 409 `conflict` says when another writer changed the object between the read and the write. */
  conflictMessage: string;
  /** Injected so lease expiry can be tested without waiting. */
  clock?: () => Date;
}

/** Reads and writes per update: writers racing on one object (a cancel beside a runner's events) each land within a few. */
const MAX_ATTEMPTS = 5;

/**
 * Replaces the JSON object at `key` with `change(current, now)` (its `updatedAt` set to now),
 * conditionally on the etag read. When another writer got in between, the object is read again
 * and `change` applied to what it holds now (so a refusal sees the latest state), up to
 * MAX_ATTEMPTS times, then 409 `conflict`. `change` throws to refuse; what it returns must still
 * be of `schema`.
 */
export async function updateStoredJson<T extends { updatedAt: string }>(
  bucket: R2Bucket,
  key: string,
  schema: ParseSchema<T>,
  change: (current: T, now: Date) => T,
  options: UpdateStoredJsonOptions,
): Promise<T> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const head = await bucket.head(key);
    const current = head ? await readJson(bucket, key, schema) : null;
    if (!head || !current) throw options.missing();
    const now = (options.clock ?? (() => new Date()))();
    const parsed = schema.safeParse({ ...change(current, now), updatedAt: now.toISOString() });
    if (!parsed.success) throw new Error(`${key}: the update breaks its schema: ${parsed.error.message}`);
    const written = await bucket.put(key, JSON.stringify(parsed.data, null, 2), { httpMetadata: { contentType: 'application/json' }, onlyIf: { etagMatches: head.etag } });
    if (written) return parsed.data;
  }
  throw new EdgeError('conflict', options.conflictMessage);
}
