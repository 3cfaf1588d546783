import * as ort from 'onnxruntime-node';
import { encodeFloat32Base64, goldenVectorsSchema, type GoldenVectors } from '@edgeml/shared';
import { goldenTolerance } from './golden-tolerance.ts';
import type { GoldenIo } from './tfjs-golden-vectors.ts';

/**
 * Golden vectors of an ONNX file whose reference is not tfjs (an int8 export: tfjs cannot compute
 * its integer arithmetic): the outputs onnxruntime-node gives for exactly these bytes.
 */
export async function onnxGoldenVectors(bytes: Uint8Array, io: GoldenIo, input: Float32Array, dims: readonly number[]): Promise<GoldenVectors> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  try {
    const output = (await session.run({ [io.inputName]: new ort.Tensor('float32', input, [...dims]) }))[io.outputName];
    if (!output || output.type !== 'float32') throw new Error(`the ONNX model has no float32 output "${io.outputName}"`);
    return goldenVectorsSchema.parse({
      schemaVersion: 1,
      reference: 'onnxruntime-node',
      input: { name: io.inputName, dims: [...dims], float32Base64: encodeFloat32Base64(input) },
      output: { name: io.outputName, dims: output.dims.map(Number), float32Base64: encodeFloat32Base64(output.data as Float32Array) },
      tolerance: goldenTolerance('onnxruntime-node'),
    });
  } finally {
    await session.release();
  }
}
