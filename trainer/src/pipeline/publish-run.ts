import type { ModelManifest } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { buildRunVersion } from './build-run-version.ts';

/** Publishes a run's model (exported afresh, with its golden vectors and curves) and makes it the production version. */
export async function publishRun(params: { dir: string; store: ObjectStore; name?: string; version?: string }): Promise<ModelManifest> {
  const { manifest, artifacts } = await buildRunVersion(params);
  await publishModelVersion({ store: params.store, manifest, artifacts });
  return manifest;
}
