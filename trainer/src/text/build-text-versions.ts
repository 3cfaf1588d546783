import type { AnyModelManifest } from '@edgeml/shared';
import { buildVersion, type BuiltVersion, type OnnxGraph } from '../pipeline/build-version.ts';
import type { TextRunRecord } from '../pipeline/run-record.ts';
import type { LayersModel } from '../tf.ts';
import type { Int8TextRun } from './export-int8-text-run.ts';

/**
 * The versions a text run publishes: the float one, then the kept int8 one (its lineage naming the
 * float, its metrics int8's own on the test split).
 */
export async function buildTextVersions(params: {
  model: LayersModel;
  float: OnnxGraph;
  record: TextRunRecord;
  vocabulary: Uint8Array;
  int8?: Int8TextRun;
}): Promise<BuiltVersion<AnyModelManifest>[]> {
  const { record, vocabulary, int8 } = params;
  const float = await buildVersion({ source: { onnx: params.float, model: params.model }, run: record, vocabulary });
  if (!int8?.kept) return [float];
  const metrics = { ...record.metrics, testAccuracy: int8.int8.accuracy, testLoss: int8.int8.loss, testSamples: int8.int8.samples, floatTestAccuracy: int8.float.accuracy };
  const quantized = await buildVersion({
    // int8 arithmetic is not tfjs's: onnxruntime-node cross-checks its golden vectors.
    source: { onnx: int8.kept.onnx },
    run: { ...record, metrics },
    vocabulary,
    variant: { kind: 'quantized', quantization: int8.kept.quantization },
    lineage: { parent: { name: float.manifest.name, version: float.manifest.version } },
  });
  return [float, quantized];
}
