import type { AnyModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readVerifiedArtifact } from '../storage/read-verified-artifact.ts';

/**
 * The ONNX bytes of a manifest's model artifact, checked against the manifest's size and sha256.
 * A model over `maxModelBytes` is refused before its body is read (`model_too_large`); a missing
 * or altered artifact is `model_unavailable`.
 */
export async function loadModelBytes(bucket: R2Bucket, manifest: AnyModelManifest, maxModelBytes: number): Promise<Uint8Array> {
  const label = `${manifest.name}@${manifest.version}`;
  return readVerifiedArtifact(bucket, manifest.artifacts.model, `the model artifact of ${label}`, {
    maxBytes: maxModelBytes,
    tooLarge: (bytes, limit) => new EdgeError('model_too_large', `model ${label} is ${bytes} bytes, over this worker's limit of ${limit}`, { bytes, limit }),
  });
}
