/** A write's precondition: the object still has the etag read, or there is none yet. */
export type WriteCondition = { etagMatches: string } | { absent: true };

/**
 * The few object-storage operations publishing needs. Two implementations share every caller:
 * the local R2 bucket that `wrangler dev` reads (`openLocalR2Store`) and a real R2 bucket over
 * its S3 API (`createR2S3Store`), so local and remote publishing are one code path.
 */
export interface ObjectStore {
  /** Human-readable target, e.g. `local R2 (.wrangler/state) bucket edgeml-models`. */
  readonly description: string;
  get(key: string): Promise<Uint8Array | null>;
  /**
   * `sha256` (hex), when given, is checked by the server: a corrupted upload fails. With `onlyIf`,
   * nothing is written and false returned when the object no longer meets it.
   */
  put(key: string, body: Uint8Array, options: { contentType: string; sha256?: string; onlyIf?: WriteCondition }): Promise<boolean>;
  /** `etag` is opaque: what `put`'s `onlyIf` compares. */
  head(key: string): Promise<{ size: number; etag: string } | null>;
  delete(keys: string[]): Promise<void>;
  /** Keys under `prefix`, and with a delimiter the common prefixes one level down. */
  list(prefix: string, options?: { delimiter?: '/' }): Promise<{ keys: string[]; prefixes: string[] }>;
  close(): Promise<void>;
}
