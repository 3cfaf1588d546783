import type { AnyModelManifest } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { buildRunVersion } from './build-run-version.ts';

/** Publishes a run folder's model (image or text; exported afresh, with its golden vectors and curves) as the production version. */
export async function publishRun(params: { dir: string; store: ObjectStore; name?: string; version?: string }): Promise<AnyModelManifest> {
  const { manifest, artifacts } = await buildRunVersion(params);
  const published = await publishModelVersion({ store: params.store, manifest, artifacts });
  return published.manifest;
}
