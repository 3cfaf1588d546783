import * as ortNode from 'onnxruntime-node';
import { compareGoldenOutputs, encodeFloat32Base64, foldsWeightDequantize, goldenVectorsSchema, type GoldenVectors, type ModelVariant } from '@edgeml/shared';
import { createSession, runSession } from '@edgeml/edge/runtime/ort';
import { ortWasmModule } from '../deploy/ort-wasm-module.ts';
import { TrainerError } from '../errors.ts';
import { tf, type LayersModel } from '../tf.ts';
import { goldenArithmetic } from './golden-arithmetic.ts';
import { crossCheckBound, goldenTolerance, type GoldenArithmetic } from './golden-tolerance.ts';

export interface GoldenIo {
  inputName: string;
  outputName: string;
}

export interface GoldenSource {
  onnx: GoldenIo & { bytes: Uint8Array };
  /** The version's variant: weight-only int8 is served with its weights folded, and its reference is computed so too. */
  variant?: ModelVariant;
  /** The tfjs model the ONNX was exported from: the cross-check. Without it (int8, foreign ONNX), onnxruntime-node cross-checks. */
  model?: LayersModel;
}

/**
 * Golden vectors for a version: its outputs for `input` (shaped `dims`) as onnxruntime-web's WASM
 * computes them with the session options the worker will use, so the worker can check its session
 * against them on any CPU (see golden-tolerance.ts). Before they are returned, a second engine
 * must agree within its stated bound: tfjs for the trainer's own float exports (an exporter bug),
 * else onnxruntime-node. A disagreement throws: nothing is published with a reference in doubt.
 */
export async function servingGoldenVectors(source: GoldenSource, input: Float32Array, dims: readonly number[]): Promise<GoldenVectors> {
  const { onnx } = source;
  const arithmetic = goldenArithmetic(onnx.bytes);
  const session = await createSession(onnx.bytes, await ortWasmModule(), undefined, { foldWeightDequantize: foldsWeightDequantize(source.variant) });
  let output: Float32Array;
  let outputDims: number[];
  try {
    output = Float32Array.from(await runSession(session, onnx.inputName, input, dims, onnx.outputName));
    outputDims = [dims[0]!, output.length / dims[0]!];
  } finally {
    await session.release();
  }
  const engine = source.model ? 'tfjs' : 'onnxruntime-node';
  const other = source.model ? tfjsOutputs(source.model, input, dims) : await ortNodeOutputs(onnx, input, dims);
  crossCheck(output, other, engine, arithmetic);
  return goldenVectorsSchema.parse({
    schemaVersion: 1,
    reference: 'onnxruntime-web',
    input: { name: onnx.inputName, dims: [...dims], float32Base64: encodeFloat32Base64(input) },
    output: { name: onnx.outputName, dims: outputDims, float32Base64: encodeFloat32Base64(output) },
    tolerance: goldenTolerance(arithmetic),
  });
}

function crossCheck(reference: Float32Array, other: Float32Array, engine: 'tfjs' | 'onnxruntime-node', arithmetic: GoldenArithmetic): void {
  const bound = crossCheckBound(engine, arithmetic);
  const result = compareGoldenOutputs(reference, other, bound);
  if (result.ok) return;
  // tfjs disagreeing with the export of its own model is our exporter's fault; onnxruntime-node
  // disagreeing with onnxruntime-web means the edge would not compute what the model's author expects.
  throw new TrainerError(
    engine === 'tfjs' ? 'internal' : 'not_deployable',
    `the golden outputs of onnxruntime-web and ${engine} differ: ${result.mismatches} of ${reference.length} values beyond ${bound.absolute} + ${bound.relative}×|value| (max |Δ| ${result.maxAbsDiff})`,
    { engine, maxAbsDiff: result.maxAbsDiff, mismatches: result.mismatches, bound },
  );
}

function tfjsOutputs(model: LayersModel, input: Float32Array, dims: readonly number[]): Float32Array {
  return tf.tidy(() => Float32Array.from((model.predict(tf.tensor(input, [...dims])) as tf.Tensor).dataSync()));
}

async function ortNodeOutputs(onnx: GoldenSource['onnx'], input: Float32Array, dims: readonly number[]): Promise<Float32Array> {
  const session = await ortNode.InferenceSession.create(onnx.bytes, { intraOpNumThreads: 1 });
  try {
    const output = (await session.run({ [onnx.inputName]: new ortNode.Tensor('float32', input, [...dims]) }))[onnx.outputName];
    if (!output || output.type !== 'float32') throw new TrainerError('not_deployable', `onnxruntime-node finds no float32 output "${onnx.outputName}"`);
    return Float32Array.from(output.data as Float32Array);
  } finally {
    await session.release();
  }
}
