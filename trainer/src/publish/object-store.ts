/**
 * The few object-storage operations publishing needs. Two implementations share every caller:
 * the local R2 bucket that `wrangler dev` reads (`openLocalR2Store`) and a real R2 bucket over
 * its S3 API (`createR2S3Store`), so local and remote publishing are one code path.
 */
export interface ObjectStore {
  /** Human-readable target, e.g. `local R2 (.wrangler/state) bucket edgeml-models`. */
  readonly description: string;
  get(key: string): Promise<Uint8Array | null>;
  /** `sha256` (hex), when given, is checked by the server: a corrupted upload fails. */
  put(key: string, body: Uint8Array, options: { contentType: string; sha256?: string }): Promise<void>;
  head(key: string): Promise<{ size: number } | null>;
  delete(keys: string[]): Promise<void>;
  /** Keys under `prefix`, and with a delimiter the common prefixes one level down. */
  list(prefix: string, options?: { delimiter?: string }): Promise<{ keys: string[]; prefixes: string[] }>;
  close(): Promise<void>;
}
