import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportQuantizedOnnx } from '../../onnx/quantize/export-quantized-onnx.ts';
import type { LayersModel } from '../../tf.ts';
import { evaluateOnnx } from '../evaluate-onnx.ts';
import type { StepContext, StepResult } from './step-context.ts';

/** Exports the pruned model with int8 weights (and integer kernels per the mode) to `<outDir>/int8/model.onnx`. */
export async function quantizeStep(context: StepContext, source: StepResult & { model: LayersModel }): Promise<StepResult> {
  const { config, data, log } = context;
  const settings = config.int8;
  const perImage = data.train.imageShape.reduce((product, size) => product * size, 1);
  const calibrationCount = Math.min(settings.calibrationSamples, data.train.count);
  const quantized = await exportQuantizedOnnx(source.model, { mode: settings.mode, calibrationImages: data.train.images.subarray(0, calibrationCount * perImage) });
  const dir = path.join(context.outDir, 'int8');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'model.onnx');
  await writeFile(file, quantized.bytes);
  const io = { inputName: quantized.inputName, outputName: quantized.outputName, outputKind: quantized.outputKind };
  const [test, float] = [await evaluateOnnx(quantized.bytes, data.test, io), await evaluateOnnx(source.onnx.bytes, data.test, io)];
  const lostPoints = (float.accuracy - test.accuracy) * 100;
  log(`int8 (${settings.mode}): ${quantized.bytes.length} bytes (${((quantized.bytes.length / source.onnx.bytes.length) * 100).toFixed(1)}% of float), test accuracy ${(test.accuracy * 100).toFixed(2)}% (float ${(float.accuracy * 100).toFixed(2)}%)`);
  const metrics = {
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
