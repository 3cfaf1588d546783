import type { AnyModelManifest, ModelManifest } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import type { ImageRunRecord } from './run-record.ts';
import { buildVersion, type BuildVersionParams } from './build-version.ts';

export type PublishVersionParams = BuildVersionParams & {
  store: ObjectStore;
  /** Point production at it (default true). */
  promote?: boolean;
};

/** Builds a version (buildVersion) and publishes it. */
export async function publishVersion(params: PublishVersionParams & { run: ImageRunRecord }): Promise<ModelManifest>;
export async function publishVersion(params: PublishVersionParams): Promise<AnyModelManifest>;
export async function publishVersion(params: PublishVersionParams): Promise<AnyModelManifest> {
  const { manifest, artifacts } = await buildVersion(params);
  const published = await publishModelVersion({ store: params.store, manifest, artifacts, promote: params.promote });
  return published.manifest;
}
