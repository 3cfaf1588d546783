/**
 * Test support: runs a tfjs model and its ONNX export (onnxruntime-node, the native reference) on
 * the same random batch and reports the largest absolute difference.
 */
import * as ort from 'onnxruntime-node';
import { tf, type LayersModel } from '../../tf.ts';
import { exportOnnx, type ExportedOnnx, type ExportOnnxOptions } from '../export-onnx.ts';

export interface OnnxParity {
  maxAbsDiff: number;
  exported: ExportedOnnx;
  /** onnxruntime's output dims, to compare with tfjs's output shape. */
  outputDims: readonly number[];
  tfjsShape: number[];
}

export async function measureOnnxParity(
  model: LayersModel,
  params: {
    batch?: number;
    /** Sizes for the input's unknown non-batch dims, in order. */
    unknownSizes?: number[];
    seed?: number;
    exportOptions?: ExportOnnxOptions;
    graphOptimizationLevel?: 'disabled' | 'all';
  } = {},
): Promise<OnnxParity> {
  const batch = params.batch ?? 4;
  const exported = exportOnnx(model, params.exportOptions);
  const unknownSizes = [...(params.unknownSizes ?? [])];
  const shape = [batch, ...exported.inputShape.slice(1).map((size) => (size === -1 ? (unknownSizes.shift() ?? 1) : size))];
  const input = tf.randomNormal(shape, 0, 1, 'float32', params.seed ?? 7);
  const prediction = model.predict(input) as tf.Tensor;
  const expected = prediction.dataSync() as Float32Array;
  const tfjsShape = prediction.shape;
  const inputData = input.dataSync() as Float32Array;
  tf.dispose([input, prediction]);

  const session = await ort.InferenceSession.create(exported.bytes, {
    graphOptimizationLevel: params.graphOptimizationLevel ?? 'all',
    intraOpNumThreads: 1,
  });
  try {
    const outputs = await session.run({ [exported.inputName]: new ort.Tensor('float32', inputData, shape) });
    const output = outputs[exported.outputName];
    if (!output) throw new Error(`onnxruntime returned no "${exported.outputName}" output`);
    const actual = output.data as Float32Array;
    if (actual.length !== expected.length) throw new Error(`output sizes differ: tfjs ${expected.length}, onnx ${actual.length}`);
    let maxAbsDiff = 0;
    for (let i = 0; i < expected.length; i++) {
      const diff = Math.abs(expected[i]! - actual[i]!);
      // NaN must fail the comparison rather than vanish in Math.max.
      maxAbsDiff = Number.isNaN(diff) ? Infinity : Math.max(maxAbsDiff, diff);
    }
    return { maxAbsDiff, exported, outputDims: output.dims, tfjsShape };
  } finally {
    await session.release();
  }
}

/**
 * Gives biases and batch-norm parameters random non-trivial values (kernels keep their scaled
 * initialisation), so a converter that drops or misorders them shows up.
 */
export function randomizeBiasesAndStatistics(model: LayersModel, seed = 11): void {
  let next = seed;
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    const values = weights.map((weight) => {
      const name = weight.originalName ?? weight.name;
      const shape = weight.shape as number[];
      next += 1;
      if (/moving_variance$/.test(name)) return tf.randomUniform(shape, 0.3, 2, 'float32', next);
      if (/gamma$/.test(name)) return tf.randomUniform(shape, 0.5, 1.5, 'float32', next);
      if (/(bias|beta|moving_mean)$/.test(name)) return tf.randomNormal(shape, 0, 0.3, 'float32', next);
      return weight.read().clone();
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}
