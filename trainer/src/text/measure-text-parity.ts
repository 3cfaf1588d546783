/**
 * Runs a text model in tfjs and its ONNX export in onnxruntime-node (the native reference) on the
 * same token-id rows and reports the largest absolute difference between their outputs.
 */
import * as ort from 'onnxruntime-node';
import { exportOnnx, type ExportedOnnx, type ExportOnnxOptions } from '../onnx/export-onnx.ts';
import { tf, type LayersModel } from '../tf.ts';

export async function measureTextParity(
  model: LayersModel,
  ids: Float32Array,
  rows: number,
  options: ExportOnnxOptions = {},
): Promise<{ maxAbsDiff: number; exported: ExportedOnnx }> {
  const length = ids.length / rows;
  const exported = exportOnnx(model, options);
  const expected = tf.tidy(() => (model.predict(tf.tensor2d(ids, [rows, length])) as tf.Tensor).dataSync() as Float32Array);
  const session = await ort.InferenceSession.create(exported.bytes, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
  try {
    const outputs = await session.run({ [exported.inputName]: new ort.Tensor('float32', ids, [rows, length]) });
    const actual = outputs[exported.outputName]!.data as Float32Array;
    if (actual.length !== expected.length) throw new Error(`output sizes differ: tfjs ${expected.length}, onnx ${actual.length}`);
    let maxAbsDiff = 0;
    for (let i = 0; i < expected.length; i++) {
      const diff = Math.abs(expected[i]! - actual[i]!);
      maxAbsDiff = Number.isNaN(diff) ? Infinity : Math.max(maxAbsDiff, diff);
    }
    return { maxAbsDiff, exported };
  } finally {
    await session.release();
  }
}
