import { sha256Hex } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { parseStoredJson, type ParseSchema } from './read-json.ts';

/** What a manifest says of one artifact. */
export interface ArtifactEntry {
  key: string;
  bytes: number;
  sha256: string;
}

export interface VerifyOptions {
  /** Refused before its body is read when the manifest or the store says it is larger. */
  maxBytes?: number;
  /** The error for an artifact over `maxBytes` (default `model_unavailable`). */
  tooLarge?: (bytes: number, limit: number) => EdgeError;
}

/**
 * An artifact's bytes, checked against its manifest entry's size and sha256; with `schema`, parsed
 * as JSON of it. `what` names it in errors ("the vocabulary of spam@v1"). A missing, altered or
 * invalid artifact is `model_unavailable`: the published version is broken, no client can fix it.
 */
export async function readVerifiedArtifact(bucket: R2Bucket, artifact: ArtifactEntry, what: string, options?: VerifyOptions): Promise<Uint8Array>;
export async function readVerifiedArtifact<T>(bucket: R2Bucket, artifact: ArtifactEntry, what: string, options: VerifyOptions & { schema: ParseSchema<T> }): Promise<T>;
export async function readVerifiedArtifact<T>(
  bucket: R2Bucket,
  artifact: ArtifactEntry,
  what: string,
  options: VerifyOptions & { schema?: ParseSchema<T> } = {},
): Promise<Uint8Array | T> {
  const { maxBytes = Infinity, tooLarge = (bytes, limit) => new EdgeError('model_unavailable', `${what} is ${bytes} bytes, over ${limit}`) } = options;
  if (artifact.bytes > maxBytes) throw tooLarge(artifact.bytes, maxBytes);
  const object = await bucket.get(artifact.key);
  if (!object) throw new EdgeError('model_unavailable', `${what} is missing`);
  if (object.size > maxBytes || object.size !== artifact.bytes) {
    // The body is not read: an oversized or wrong-sized object is refused on its stated size.
    await object.body.cancel().catch(() => {});
    if (object.size > maxBytes) throw tooLarge(object.size, maxBytes);
    throw new EdgeError('model_unavailable', `${what} is ${object.size} bytes, its manifest says ${artifact.bytes}`);
  }
  const bytes = new Uint8Array(await object.arrayBuffer());
  if ((await sha256Hex(bytes)) !== artifact.sha256) throw new EdgeError('model_unavailable', `${what} does not match its manifest's sha256`);
  if (!options.schema) return bytes;
  // `fail` never returns null.
  return parseStoredJson(new TextDecoder().decode(bytes), what, options.schema)!;
}
