import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelManifest } from '@edgeml/shared';
import { loadBuiltinImages } from '../data/load-builtin-images.ts';
import { TrainerError } from '../errors.ts';
import { exportOnnx } from '../onnx/export-onnx.ts';
import { chooseInt8Export, INT8_MAX_LOST_POINTS, type Int8Candidate, type Int8ModeChoice } from '../shrink/choose-int8-export.ts';
import { evaluateOnnx } from '../shrink/evaluate-onnx.ts';
import { loadRun } from './load-run.ts';
import { buildVersion, type BuiltVersion } from './build-version.ts';

export interface BuildQuantizedRunParams {
  dir: string;
  name?: string;
  /** Default `auto`: the mode onnxruntime-web runs fastest for this model (see `chooseInt8Export`). */
  mode?: Int8ModeChoice;
  /** Training images the static activation ranges are calibrated on (default 512). */
  calibrationSamples?: number;
  /** Most test-accuracy points the int8 model may lose; beyond it the float model is published instead (default INT8_MAX_LOST_POINTS). */
  maxLostPoints?: number;
  log?: (line: string) => void;
}

export interface QuantizedRun {
  version: BuiltVersion<ModelManifest>;
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
 * Builds an image run's int8 ONNX version (the edge's best small variant: ~30% of the float bytes at
 * the same accuracy), after measuring both on its dataset's whole test set (MNIST's, or Fashion-MNIST's) with onnxruntime. If int8
 * loses more than the allowed points, the float export is built instead, so `npm start` never
 * serves a worse model to save bytes.
 */
export async function buildQuantizedRun(params: BuildQuantizedRunParams): Promise<QuantizedRun> {
  const { mode = 'auto', calibrationSamples = 512, maxLostPoints = INT8_MAX_LOST_POINTS, log = () => {} } = params;
  const { run, model } = await loadRun(params.dir);
  try {
    if (run.task !== 'image-classification') throw new TrainerError('invalid_argument', `${params.dir} is a ${run.task} run: --int8 builds digit runs`);
    // Measured on the run's built-in dataset: its images, its recipe.
    const dataset = run.training.dataset === 'fashion-mnist' ? 'fashion-mnist' : 'mnist';
    const data = await loadBuiltinImages(dataset, { seed: run.training.seed as number | undefined, trainLimit: calibrationSamples });
    const float = exportOnnx(model);
    const io = { inputName: float.inputName, outputName: float.outputName, outputKind: float.outputKind };
    const floatEval = await evaluateOnnx(float.bytes, data.test, io);
    const perImage = data.train.imageShape.reduce((product, size) => product * size, 1);
    const choice = await chooseInt8Export({
      model,
      mode,
      float: { bytes: float.bytes, evaluation: floatEval },
      io,
      calibrationImages: data.train.images.subarray(0, calibrationSamples * perImage),
      test: data.test,
      maxLostPoints,
      log,
    });
    if (!choice) log(`int8 loses more than ${maxLostPoints} points in every mode tried: publishing the float model`);
    const int8 = choice?.exported;
    await writeFile(path.join(params.dir, int8 ? 'model-int8.onnx' : 'model.onnx'), (int8 ?? float).bytes);
    const evaluation = choice?.evaluation ?? floatEval;
    const metrics = { ...run.metrics, testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, testSamples: evaluation.samples, floatTestAccuracy: floatEval.accuracy };
    // int8 arithmetic is not tfjs's: without the tfjs model, onnxruntime-node cross-checks its golden vectors.
    const version = await buildVersion({
      source: int8 ? { onnx: { ...io, bytes: int8.bytes } } : { onnx: float, model },
      run: { ...run, metrics },
      name: params.name,
      ...(int8 ? { variant: { kind: 'quantized' as const, quantization: int8.quantization } } : {}),
    });
    return {
      version,
      quantized: int8 !== undefined,
      floatAccuracy: floatEval.accuracy,
      int8Accuracy: choice?.evaluation.accuracy ?? Number.NaN,
      floatBytes: float.bytes.length,
      int8Bytes: int8?.bytes.length ?? Number.NaN,
      candidates: choice?.candidates ?? [],
    };
  } finally {
    model.dispose();
  }
}
