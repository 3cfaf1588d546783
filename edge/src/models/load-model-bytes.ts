import { sha256Hex, type AnyModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/**
 * The ONNX bytes of a manifest's model artifact, checked against the manifest's size and sha256.
 * A model over `maxModelBytes` is refused before its body is read (`model_too_large`); a missing
 * or altered artifact is `model_unavailable`.
 */
export async function loadModelBytes(bucket: R2Bucket, manifest: AnyModelManifest, maxModelBytes: number): Promise<Uint8Array> {
  const artifact = manifest.artifacts.model;
  const label = `${manifest.name}@${manifest.version}`;
  if (artifact.bytes > maxModelBytes) throw tooLarge(label, artifact.bytes, maxModelBytes);

  const object = await bucket.get(artifact.key);
  if (!object) throw new EdgeError('model_unavailable', `the model artifact of ${label} is missing`);
  if (object.size > maxModelBytes) {
    await object.body.cancel().catch(() => {});
    throw tooLarge(label, object.size, maxModelBytes);
  }
  if (object.size !== artifact.bytes) {
    await object.body.cancel().catch(() => {});
    throw new EdgeError('model_unavailable', `the model artifact of ${label} is ${object.size} bytes, its manifest says ${artifact.bytes}`);
  }
  const bytes = new Uint8Array(await object.arrayBuffer());
  if ((await sha256Hex(bytes)) !== artifact.sha256) {
    throw new EdgeError('model_unavailable', `the model artifact of ${label} does not match its manifest's sha256`);
  }
  return bytes;
}

function tooLarge(label: string, bytes: number, limit: number): EdgeError {
  return new EdgeError('model_too_large', `model ${label} is ${bytes} bytes, over this worker's limit of ${limit}`, { bytes, limit });
}
