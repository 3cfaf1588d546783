import { sha256Hex, trainingCurvesSchema, type TrainingCurves } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readManifest } from './read-manifest.ts';

/**
 * The `curves` artifact of `name@version`, checked against its manifest's sha256. A version
 * published without curves is `not_found`; a missing, altered or invalid artifact is `model_unavailable`.
 */
export async function readTrainingCurves(bucket: R2Bucket, name: string, version: string): Promise<TrainingCurves> {
  const manifest = await readManifest(bucket, name, version, { pinned: true });
  const artifact = manifest.artifacts.curves;
  if (!artifact) throw new EdgeError('not_found', `${name}@${version} was published without training curves`, { model: name, version });
  const object = await bucket.get(artifact.key);
  if (!object) throw new EdgeError('model_unavailable', `the curves artifact of ${name}@${version} is missing`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  if ((await sha256Hex(bytes)) !== artifact.sha256) throw new EdgeError('model_unavailable', `the curves of ${name}@${version} do not match their manifest's sha256`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new EdgeError('model_unavailable', `the curves of ${name}@${version} are not valid JSON`);
  }
  const parsed = trainingCurvesSchema.safeParse(json);
  if (!parsed.success) throw new EdgeError('model_unavailable', `the curves of ${name}@${version} are invalid: ${parsed.error.message}`);
  return parsed.data;
}
