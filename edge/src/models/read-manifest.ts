import { anyModelManifestSchema, channelsKey, manifestKey, modelNameSchema, modelVersionSchema, type AnyModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readJson } from '../storage/read-json.ts';
import { modelNotFound } from './read-production-version.ts';
import { clipInput } from '../errors/clip-input.ts';

/**
 * The manifest of `name@version`. For a version the client pinned, a missing manifest is
 * `version_not_found` (or `model_not_found` when the model is not published at all); for the
 * production version it means channels.json points nowhere: `model_unavailable`.
 */
export async function readManifest(bucket: R2Bucket, name: string, version: string, options: { pinned: boolean }): Promise<AnyModelManifest> {
  if (!modelNameSchema.safeParse(name).success) throw modelNotFound(name);
  if (!modelVersionSchema.safeParse(version).success) throw versionNotFound(name, version);
  const manifest = await readJson(bucket, manifestKey(name, version), anyModelManifestSchema);
  if (!manifest) {
    if (!options.pinned) throw new EdgeError('model_unavailable', `model "${name}" points at version ${version}, which has no manifest`);
    throw (await bucket.head(channelsKey(name))) ? versionNotFound(name, version) : modelNotFound(name);
  }
  if (manifest.name !== name || manifest.version !== version) {
    throw new EdgeError('model_unavailable', `the manifest of ${name}@${version} names ${manifest.name}@${manifest.version}`);
  }
  return manifest;
}

export function versionNotFound(name: string, version: string): EdgeError {
  return new EdgeError('version_not_found', `model "${clipInput(name)}" has no version "${clipInput(version)}"`, { model: clipInput(name), version: clipInput(version) });
}
