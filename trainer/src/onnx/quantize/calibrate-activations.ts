/**
 * Calibration for static quantization: runs the float graph in onnxruntime (native) with every
 * intermediate value exposed as an output, over a sample of training images, and keeps each
 * value's min and max (onnxruntime's MinMax calibration).
 */
import * as ort from 'onnxruntime-node';
import { encodeOnnxModel, type OnnxModel } from '../onnx-proto.ts';
import type { ActivationRange } from './activation-range.ts';
import { exposeFloatValues } from './expose-float-values.ts';

export async function calibrateActivations(
  model: OnnxModel,
  images: Float32Array,
  inputShape: readonly number[],
  batchSize = 256,
): Promise<Map<string, ActivationRange>> {
  const inputName = model.graph.inputs[0]!.name;
  const perImage = inputShape.reduce((product, size) => product * size, 1);
  const count = Math.floor(images.length / perImage);
  const session = await ort.InferenceSession.create(encodeOnnxModel(exposeFloatValues(model)), { intraOpNumThreads: 1 });
  const ranges = new Map<string, ActivationRange>();
  try {
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const input = new ort.Tensor('float32', images.subarray(start * perImage, (start + n) * perImage), [n, ...inputShape]);
      const outputs = await session.run({ [inputName]: input });
      for (const [name, tensor] of Object.entries(outputs)) {
        if (tensor.type !== 'float32') continue;
        const range = ranges.get(name) ?? { min: Infinity, max: -Infinity };
        for (const value of tensor.data as Float32Array) {
          if (value < range.min) range.min = value;
          if (value > range.max) range.max = value;
        }
        ranges.set(name, range);
      }
    }
  } finally {
    await session.release();
  }
  return ranges;
}
