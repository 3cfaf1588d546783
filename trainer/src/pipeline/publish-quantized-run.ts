import type { ModelManifest } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { buildQuantizedRun, type BuildQuantizedRunParams, type QuantizedRun } from './build-quantized-run.ts';

export interface PublishQuantizedRunParams extends BuildQuantizedRunParams {
  store: ObjectStore;
}

export interface PublishedQuantizedRun extends Omit<QuantizedRun, 'version'> {
  manifest: ModelManifest;
}

/** Builds a digit run's int8 version (float when int8 loses too much: see `buildQuantizedRun`) and publishes it as production. */
export async function publishQuantizedRun(params: PublishQuantizedRunParams): Promise<PublishedQuantizedRun> {
  const { version, ...figures } = await buildQuantizedRun(params);
  const { manifest } = await publishModelVersion({ store: params.store, manifest: version.manifest, artifacts: version.artifacts });
  return { manifest, ...figures };
}
