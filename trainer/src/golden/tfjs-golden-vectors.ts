import { encodeFloat32Base64, goldenVectorsSchema, type GoldenVectors } from '@edgeml/shared';
import { tf, type LayersModel } from '../tf.ts';
import { goldenTolerance } from './golden-tolerance.ts';

export interface GoldenIo {
  inputName: string;
  outputName: string;
}

/** Golden vectors of a tfjs model: its outputs for `input` (shaped `dims`), under the names the ONNX export gives input and output. */
export function tfjsGoldenVectors(model: LayersModel, io: GoldenIo, input: Float32Array, dims: readonly number[]): GoldenVectors {
  const [output, outputDims] = tf.tidy(() => {
    const result = model.predict(tf.tensor(input, [...dims])) as tf.Tensor;
    return [result.dataSync() as Float32Array, result.shape] as const;
  });
  return goldenVectorsSchema.parse({
    schemaVersion: 1,
    reference: 'tfjs',
    input: { name: io.inputName, dims: [...dims], float32Base64: encodeFloat32Base64(input) },
    output: { name: io.outputName, dims: outputDims, float32Base64: encodeFloat32Base64(Float32Array.from(output)) },
    tolerance: goldenTolerance('tfjs'),
  });
}
