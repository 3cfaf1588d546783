import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LayersModel } from '../../tf.ts';
import { chooseInt8Export } from '../choose-int8-export.ts';
import { evaluateOnnx } from '../evaluate-onnx.ts';
import type { StepContext, StepResult } from './step-context.ts';

/**
 * Exports the source model (the pruned one in `trainer optimize`) with int8 weights (and integer
 * kernels per the mode; `auto`: the mode onnxruntime-web runs fastest) to `<outDir>/int8/model.onnx`.
 * Undefined when every mode loses more than `int8.maxLostPoints` test-accuracy points.
 */
export async function quantizeStep(context: StepContext, source: StepResult & { model: LayersModel }): Promise<StepResult | undefined> {
  const { config, data, log } = context;
  const settings = config.int8;
  const perImage = data.train.imageShape.reduce((product, size) => product * size, 1);
  const calibrationCount = Math.min(settings.calibrationSamples, data.train.count);
  const io = { inputName: source.onnx.inputName, outputName: source.onnx.outputName, outputKind: source.onnx.outputKind };
  const float = await evaluateOnnx(source.onnx.bytes, data.test, io);
  const choice = await chooseInt8Export({
    model: source.model,
    mode: settings.mode,
    float: { bytes: source.onnx.bytes, evaluation: float },
    io,
    calibrationImages: data.train.images.subarray(0, calibrationCount * perImage),
    test: data.test,
    maxLostPoints: settings.maxLostPoints ?? Number.POSITIVE_INFINITY,
    log,
  });
  if (!choice) return undefined;
  const { exported: quantized, evaluation: test } = choice;
  const dir = path.join(context.outDir, 'int8');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'model.onnx');
  await writeFile(file, quantized.bytes);
  const lostPoints = (float.accuracy - test.accuracy) * 100;
  const metrics = {
    // The source's training figures (its temperature, a pruned model's sparsity) as `npm start`'s int8 keeps them; the test figures are the int8 model's.
    ...source.run.metrics,
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    testSamples: test.samples,
    parameters: source.summary.parameters,
    floatTestAccuracy: float.accuracy,
    bytesRatio: quantized.bytes.length / source.onnx.bytes.length,
  };
  const run = { ...source.run, name: settings.name, metrics, training: { ...source.run.training, method: 'quantization', quantization: quantized.quantization } };
  return {
    summary: {
      kind: 'quantized',
      name: settings.name,
      dir,
      onnxFile: file,
      io,
      parameters: source.summary.parameters,
      metrics,
      variant: { kind: 'quantized', quantization: quantized.quantization, ...(source.summary.variant.sparsity ? { sparsity: source.summary.variant.sparsity } : {}) },
      details: { lostPoints },
    },
    run,
    onnx: { path: file, bytes: quantized.bytes, ...io },
  };
}
