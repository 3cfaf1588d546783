import { trainingCurvesSchema, type TrainingCurves } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readVerifiedArtifact } from '../storage/read-verified-artifact.ts';
import { readManifest } from './read-manifest.ts';

/**
 * The `curves` artifact of `name@version`, checked against its manifest's size and sha256. A version
 * published without curves is `not_found`; a missing, altered or invalid artifact is `model_unavailable`.
 */
export async function readTrainingCurves(bucket: R2Bucket, name: string, version: string): Promise<TrainingCurves> {
  const manifest = await readManifest(bucket, name, version, { pinned: true });
  const artifact = manifest.artifacts.curves;
  if (!artifact) throw new EdgeError('not_found', `${name}@${version} was published without training curves`, { model: name, version });
  return readVerifiedArtifact(bucket, artifact, `the curves artifact of ${name}@${version}`, { schema: trainingCurvesSchema });
}
