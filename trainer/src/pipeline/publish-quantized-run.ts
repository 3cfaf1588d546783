import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelManifest } from '@edgeml/shared';
import { loadMnist } from '../data/load-mnist.ts';
import { addGoldenArtifact } from '../golden/add-golden-artifact.ts';
import { imageGoldenVectors } from '../golden/image-golden-vectors.ts';
import { loadLayersModel } from '../io/load-layers-model.ts';
import { exportOnnx } from '../onnx/export-onnx.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { chooseInt8Export, type Int8Candidate, type Int8ModeChoice } from '../shrink/choose-int8-export.ts';
import { evaluateOnnx } from '../shrink/evaluate-onnx.ts';
import { selectBackend } from '../tf.ts';
import { buildManifest } from './build-manifest.ts';
import { readRunRecord } from './run-record.ts';

export interface PublishQuantizedRunParams {
  dir: string;
  store: ObjectStore;
  name?: string;
  /** Default `auto`: the mode onnxruntime-web runs fastest for this model (see `chooseInt8Export`). */
  mode?: Int8ModeChoice;
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
  /** The modes tried, with their bytes, accuracy and time relative to float. */
  candidates: Int8Candidate[];
}

/**
 * Publishes a digit run as int8 ONNX (the edge's best small variant: ~30% of the float bytes at the
 * same accuracy), after measuring both on the whole MNIST test set with onnxruntime. If int8 loses
 * more than the allowed points, the float export is published instead, so `npm start` never serves
 * a worse model to save bytes.
 */
export async function publishQuantizedRun(params: PublishQuantizedRunParams): Promise<PublishedQuantizedRun> {
  const { mode = 'auto', calibrationSamples = 512, maxLostPoints = 0.3, log = () => {} } = params;
  await selectBackend();
  const run = await readRunRecord(params.dir);
  const data = await loadMnist({ seed: run.training.seed as number | undefined, trainLimit: calibrationSamples });
  const model = await loadLayersModel(params.dir);
  let float;
  let choice;
  let floatEval;
  let floatGolden;
  try {
    float = exportOnnx(model);
    floatGolden = await imageGoldenVectors({ model, onnx: float }, run);
    const io = { inputName: float.inputName, outputName: float.outputName, outputKind: float.outputKind };
    floatEval = await evaluateOnnx(float.bytes, data.test, io);
    const perImage = data.train.imageShape.reduce((product, size) => product * size, 1);
    choice = await chooseInt8Export({
      model,
      mode,
      float: { bytes: float.bytes, evaluation: floatEval },
      io,
      calibrationImages: data.train.images.subarray(0, calibrationSamples * perImage),
      test: data.test,
      maxLostPoints,
      log,
    });
  } finally {
    model.dispose();
  }
  const io = { inputName: float.inputName, outputName: float.outputName, outputKind: float.outputKind };
  const quantized = choice !== undefined;
  if (!quantized) log(`int8 loses more than ${maxLostPoints} points in every mode tried: publishing the float model`);
  const int8 = choice?.exported;
  const chosen = int8 ?? float;
  const file = path.join(params.dir, quantized ? 'model-int8.onnx' : 'model.onnx');
  await writeFile(file, chosen.bytes);
  const evaluation = choice?.evaluation ?? floatEval;
  const metrics = { ...run.metrics, testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, testSamples: evaluation.samples, floatTestAccuracy: floatEval.accuracy };
  const built = await buildManifest({ run: { ...run, metrics }, onnx: { path: file, bytes: chosen.bytes, ...io }, name: params.name });
  const variant = int8 ? { kind: 'quantized' as const, quantization: int8.quantization } : undefined;
  // int8 arithmetic is not tfjs's: onnxruntime-node cross-checks its reference instead.
  const golden = int8 ? await imageGoldenVectors({ onnx: { ...io, bytes: int8.bytes }, variant }, run) : floatGolden;
  const { manifest, bytes: goldenBytes } = await addGoldenArtifact<ModelManifest>(variant ? { ...built, variant } : built, golden);
  await publishModelVersion({ store: params.store, manifest, artifacts: { model: chosen.bytes, golden: goldenBytes } });
  return {
    manifest,
    quantized,
    floatAccuracy: floatEval.accuracy,
    int8Accuracy: choice?.evaluation.accuracy ?? Number.NaN,
    floatBytes: float.bytes.length,
    int8Bytes: int8?.bytes.length ?? Number.NaN,
    candidates: choice?.candidates ?? [],
  };
}
