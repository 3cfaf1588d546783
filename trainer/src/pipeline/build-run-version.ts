import type { ModelManifest } from '@edgeml/shared';
import { toTrainingCurves } from '../curves/to-training-curves.ts';
import { addGoldenArtifact } from '../golden/add-golden-artifact.ts';
import { imageGoldenVectors } from '../golden/image-golden-vectors.ts';
import { loadLayersModel } from '../io/load-layers-model.ts';
import { buildManifest } from './build-manifest.ts';
import { exportRun } from './export-run.ts';
import { readRunRecord } from './run-record.ts';

/**
 * The version a run folder publishes as: its manifest and the bytes of each artifact. It exports
 * again rather than trusting a `model.onnx` on disk, so the ONNX always matches the saved weights;
 * the golden vectors are the saved model's tfjs outputs.
 */
export async function buildRunVersion(params: { dir: string; name?: string; version?: string }): Promise<{ manifest: ModelManifest; artifacts: Record<string, Uint8Array> }> {
  const run = await readRunRecord(params.dir);
  const onnx = await exportRun(params.dir);
  // Runs saved before curves were published may lack a history: publish them without curves.
  const curves = run.history?.length ? new TextEncoder().encode(`${JSON.stringify(toTrainingCurves(run.history))}\n`) : undefined;
  const model = await loadLayersModel(params.dir);
  const golden = await imageGoldenVectors({ model, onnx }, run).finally(() => model.dispose());
  const built = await buildManifest({ run, onnx, name: params.name, version: params.version, curves });
  const { manifest, bytes } = await addGoldenArtifact(built, golden);
  return { manifest, artifacts: { model: onnx.bytes, golden: bytes, ...(curves ? { curves } : {}) } };
}
