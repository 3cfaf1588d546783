import { anyModelManifestSchema, artifactKey, manifestKey, sha256Hex, sha256HexSchema, versionPrefix, type AnyModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { clipInput } from '../errors/clip-input.ts';

/**
 * Stores one artifact of a version being uploaded. The store checks `sha256` on write; artifacts
 * of a version whose manifest exists are refused, since published versions are immutable.
 */
export async function uploadArtifact(
  bucket: R2Bucket,
  target: { name: string; version: string; file: string; sha256: string | undefined; contentType: string; maxBytes: number },
  body: ArrayBuffer,
): Promise<{ key: string; bytes: number }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(target.file) || target.file === 'manifest.json') {
    throw new EdgeError('validation_failed', `"${clipInput(target.file)}" is not a valid artifact file name`);
  }
  const sha256 = sha256HexSchema.safeParse(target.sha256);
  if (!sha256.success) throw new EdgeError('validation_failed', 'give the artifact sha256 (64 hex) in the "x-content-sha256" header');
  if (body.byteLength > target.maxBytes) throw new EdgeError('payload_too_large', `artifacts are at most ${target.maxBytes} bytes here`);
  await refuseIfPublished(bucket, target.name, target.version);
  const key = artifactKey(target.name, target.version, target.file);
  try {
    await bucket.put(key, body, { sha256: sha256.data, httpMetadata: { contentType: target.contentType } });
  } catch (error) {
    throw new EdgeError('validation_failed', `the artifact does not match its sha256: ${(error as Error).message}`);
  }
  return { key, bytes: body.byteLength };
}

/**
 * Publishes an uploaded version by writing its manifest, last and only after every artifact it
 * names is in the store with the size and sha256 it states. The version is not promoted.
 */
export async function commitManifest(bucket: R2Bucket, name: string, version: string, body: unknown): Promise<AnyModelManifest> {
  const parsed = anyModelManifestSchema.safeParse(body);
  if (!parsed.success) throw new EdgeError('validation_failed', `invalid manifest: ${parsed.error.message}`);
  const manifest = parsed.data;
  if (manifest.name !== name || manifest.version !== version) {
    throw new EdgeError('validation_failed', `the manifest names ${clipInput(manifest.name)}@${clipInput(manifest.version)}, not ${name}@${version}`);
  }
  await refuseIfPublished(bucket, name, version);
  for (const [artifactName, artifact] of Object.entries(manifest.artifacts)) {
    if (!artifact.key.startsWith(versionPrefix(name, version))) {
      throw new EdgeError('validation_failed', `artifact "${clipInput(artifactName)}" is stored outside ${versionPrefix(name, version)}`);
    }
    const stored = await bucket.get(artifact.key);
    if (!stored) throw new EdgeError('validation_failed', `artifact "${clipInput(artifactName)}" (${clipInput(artifact.key, 200)}) was not uploaded`);
    const bytes = await stored.arrayBuffer();
    if (bytes.byteLength !== artifact.bytes || (await sha256Hex(new Uint8Array(bytes))) !== artifact.sha256) {
      throw new EdgeError('validation_failed', `artifact "${clipInput(artifactName)}" as stored does not match the manifest's size or sha256`);
    }
  }
  await bucket.put(manifestKey(name, version), `${JSON.stringify(manifest, null, 2)}\n`, { httpMetadata: { contentType: 'application/json' } });
  return manifest;
}

async function refuseIfPublished(bucket: R2Bucket, name: string, version: string): Promise<void> {
  if (await bucket.head(manifestKey(name, version))) {
    throw new EdgeError('conflict', `${name}@${version} is already published; versions are immutable`, { model: name, version });
  }
}

