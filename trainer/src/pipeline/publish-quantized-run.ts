import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelManifest } from '@edgeml/shared';
import { loadMnist } from '../data/load-mnist.ts';
import { loadLayersModel } from '../io/load-layers-model.ts';
import { exportOnnx } from '../onnx/export-onnx.ts';
import { exportQuantizedOnnx, type QuantizationMode } from '../onnx/quantize/export-quantized-onnx.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { evaluateOnnx } from '../shrink/evaluate-onnx.ts';
import { selectBackend } from '../tf.ts';
import { buildManifest } from './build-manifest.ts';
import { readRunRecord } from './run-record.ts';

export interface PublishQuantizedRunParams {
  dir: string;
  store: ObjectStore;
  name?: string;
  /** Default `static`: the smallest and, in the variants report, as accurate as float. */
  mode?: QuantizationMode;
  /** Training images the static activation ranges are calibrated on (default 512). */
  calibrationSamples?: number;
  /** Most test-accuracy points the int8 model may lose; beyond it the float model is published instead (default 0.3). */
  maxLostPoints?: number;
  log?: (line: string) => void;
}

export interface PublishedQuantizedRun {
  manifest: ModelManifest;
  /** False when int8 lost more than `maxLostPoints` and the float model was published. */
  quantized: boolean;
  floatAccuracy: number;
  int8Accuracy: number;
  floatBytes: number;
  int8Bytes: number;
}

/**
 * Publishes a digit run as int8 ONNX (the edge's best small variant: ~30% of the float bytes at the
 * same accuracy), after measuring both on the whole MNIST test set with onnxruntime. If int8 loses
 * more than the allowed points, the float export is published instead, so `npm start` never serves
 * a worse model to save bytes.
 */
export async function publishQuantizedRun(params: PublishQuantizedRunParams): Promise<PublishedQuantizedRun> {
  const { mode = 'static', calibrationSamples = 512, maxLostPoints = 0.3, log = () => {} } = params;
  await selectBackend();
  const run = await readRunRecord(params.dir);
  const data = await loadMnist({ seed: run.training.seed as number | undefined, trainLimit: calibrationSamples });
  const model = await loadLayersModel(params.dir);
  let float;
  let int8;
  try {
    float = exportOnnx(model);
    const perImage = data.train.imageShape.reduce((product, size) => product * size, 1);
    int8 = await exportQuantizedOnnx(model, { mode, calibrationImages: data.train.images.subarray(0, calibrationSamples * perImage) });
  } finally {
    model.dispose();
  }
  const io = { inputName: float.inputName, outputName: float.outputName, outputKind: float.outputKind };
  const floatEval = await evaluateOnnx(float.bytes, data.test, io);
  const int8Eval = await evaluateOnnx(int8.bytes, data.test, io);
  const lostPoints = (floatEval.accuracy - int8Eval.accuracy) * 100;
  const quantized = lostPoints <= maxLostPoints;
  log(
    `int8 (${mode}): ${int8.bytes.length} bytes (${((100 * int8.bytes.length) / float.bytes.length).toFixed(1)}% of ${float.bytes.length}), ` +
      `test accuracy ${(100 * int8Eval.accuracy).toFixed(2)}% vs float ${(100 * floatEval.accuracy).toFixed(2)}%` +
      (quantized ? '' : `: lost ${lostPoints.toFixed(2)} points (> ${maxLostPoints}), publishing the float model`),
  );
  const chosen = quantized ? int8 : float;
  const file = path.join(params.dir, quantized ? 'model-int8.onnx' : 'model.onnx');
  await writeFile(file, chosen.bytes);
  const evaluation = quantized ? int8Eval : floatEval;
  const metrics = { ...run.metrics, testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, testSamples: evaluation.samples, floatTestAccuracy: floatEval.accuracy };
  const built = await buildManifest({ run: { ...run, metrics }, onnx: { path: file, bytes: chosen.bytes, ...io }, name: params.name });
  const manifest: ModelManifest = quantized ? { ...built, variant: { kind: 'quantized', quantization: int8.quantization } } : built;
  await publishModelVersion({ store: params.store, manifest, artifacts: { model: chosen.bytes } });
  return { manifest, quantized, floatAccuracy: floatEval.accuracy, int8Accuracy: int8Eval.accuracy, floatBytes: float.bytes.length, int8Bytes: int8.bytes.length };
}
