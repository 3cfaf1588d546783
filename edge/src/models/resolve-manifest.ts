import type { AnyModelManifest } from '@edgeml/shared';
import { readManifest } from './read-manifest.ts';
import { readProductionVersion } from './read-production-version.ts';

/**
 * The manifest of a model's production version, or of `version` when the client pins one.
 * Throws EdgeError `model_not_found`, `version_not_found` (404) or `model_unavailable` (503).
 */
export async function resolveManifest(bucket: R2Bucket, name: string, version?: string): Promise<AnyModelManifest> {
  const pinned = version !== undefined;
  return readManifest(bucket, name, version ?? (await readProductionVersion(bucket, name)), { pinned });
}
