import type { GoldenVectors, ModelLineage, ModelManifest, ModelVariant } from '@edgeml/shared';
import { addGoldenArtifact } from '../golden/add-golden-artifact.ts';
import { imageGoldenVectors } from '../golden/image-golden-vectors.ts';
import { buildManifest } from '../pipeline/build-manifest.ts';
import type { ExportedRun } from '../pipeline/export-run.ts';
import type { RunRecord } from '../pipeline/run-record.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';

/** Publishes a variant's ONNX under its own model name, as production, with its kind and lineage in the manifest. */
export async function publishVariant(params: {
  store: ObjectStore;
  run: RunRecord;
  onnx: Pick<ExportedRun, 'bytes' | 'inputName' | 'outputName' | 'outputKind' | 'path'>;
  name: string;
  variant: ModelVariant;
  lineage?: ModelLineage;
  /** The variant's golden vectors (cross-checked by tfjs for float variants); default computed here, cross-checked by onnxruntime-node. */
  golden?: GoldenVectors;
}): Promise<ModelManifest> {
  const built = await buildManifest({ run: params.run, onnx: params.onnx, name: params.name });
  const { manifest, bytes } = await addGoldenArtifact<ModelManifest>(
    { ...built, variant: params.variant, ...(params.lineage ? { lineage: params.lineage } : {}) },
    params.golden ?? (await imageGoldenVectors({ onnx: params.onnx, variant: params.variant }, params.run)),
  );
  const published = await publishModelVersion({ store: params.store, manifest, artifacts: { model: params.onnx.bytes, golden: bytes } });
  return published.manifest;
}
