import * as ortNode from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, runSession } from '@edgeml/edge/runtime/ort';
import { OnnxGraphBuilder } from '@edgeml/trainer/onnx/onnx-graph-builder';
import { TensorDataType } from '@edgeml/trainer/onnx/onnx-proto';
import { ortWasmModule } from '@edgeml/trainer/deploy/ort-wasm-module';
import { compareGoldenOutputs } from '@edgeml/shared';
import { crossCheckBound } from '@edgeml/trainer/golden/golden-tolerance';

/** x [N, 2, 2, 1] → flatten → MatMul W [4, 3] → + b → Softmax → probs [N, 3]. */
function tinyClassifier(): Uint8Array {
  const graph = new OnnxGraphBuilder('tiny');
  graph.addInput('x', ['batch', 2, 2, 1]);
  const shape = graph.addInt64Initializer('shape', [2], [-1, 4]);
  const weights = graph.addFloatInitializer('w', [4, 3], [0.5, -1, 2, 1.5, 0.25, -0.5, -2, 1, 0.75, 0.1, 0.2, 0.3]);
  const bias = graph.addFloatInitializer('b', [3], [0.1, -0.2, 0.3]);
  const flat = graph.addOp('Reshape', ['x', shape]);
  const logits = graph.addOp('Add', [graph.addOp('MatMul', [flat, weights]), bias]);
  graph.addNode('Softmax', [logits], { outputs: ['probs'], attributes: { axis: { int: -1 } } });
  graph.addOutput('probs', ['batch', 3]);
  return graph.toBytes();
}

/** The same classifier with its weights stored as int8 (per-column scales) behind a DequantizeLinear, as weight-only int8 exports are. */
function int8WeightClassifier(): Uint8Array {
  const graph = new OnnxGraphBuilder('tiny_int8');
  graph.addInput('x', ['batch', 2, 2, 1]);
  const shape = graph.addInt64Initializer('shape', [2], [-1, 4]);
  const quantized = Int8Array.from([64, -127, 127, 96, 16, -32, -127, 63, 48, 6, 13, 19]);
  graph.addInitializer({ name: 'w_q', dims: [4, 3], dataType: TensorDataType.INT8, rawData: new Uint8Array(quantized.buffer) });
  const scale = graph.addFloatInitializer('w_scale', [3], [2 / 127, 1 / 127, 2 / 127]);
  const weights = graph.addOp('DequantizeLinear', ['w_q', scale], { axis: { int: 1 } });
  const bias = graph.addFloatInitializer('b', [3], [0.1, -0.2, 0.3]);
  const flat = graph.addOp('Reshape', ['x', shape]);
  const logits = graph.addOp('Add', [graph.addOp('MatMul', [flat, weights]), bias]);
  graph.addNode('Softmax', [logits], { outputs: ['probs'], attributes: { axis: { int: -1 } } });
  graph.addOutput('probs', ['batch', 3]);
  return graph.toBytes();
}

let wasmModule: WebAssembly.Module;
beforeAll(async () => {
  wasmModule = await ortWasmModule();
});

describe('edge ORT runtime (onnxruntime-web, single-threaded WASM from a compiled module)', () => {
  it('matches native onnxruntime on a small graph, for a batch', async () => {
    const model = tinyClassifier();
    const input = Float32Array.from({ length: 3 * 4 }, (_, i) => Math.sin(i) * 2);
    const session = await createSession(model, wasmModule);
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['probs']);
    const actual = await runSession(session, 'x', input, [3, 2, 2, 1], 'probs');

    const native = await ortNode.InferenceSession.create(model);
    const expected = (await native.run({ x: new ortNode.Tensor('float32', input, [3, 2, 2, 1]) })).probs!.data as Float32Array;
    await native.release();
    expect(actual).toHaveLength(9);
    // Two engines, other summation orders: within the float cross-check bound (golden-tolerance.ts).
    expect(compareGoldenOutputs(expected, actual, crossCheckBound('onnxruntime-node', 'float'))).toMatchObject({ ok: true });
    await session.release();
  });

  it('creates concurrent sessions', async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => createSession(tinyClassifier(), wasmModule)));
    const outputs = await Promise.all(sessions.map((s) => runSession(s, 'x', new Float32Array(4), [1, 2, 2, 1], 'probs')));
    expect(outputs.map((o) => Array.from(o))).toEqual([outputs[0], outputs[0], outputs[0]].map((o) => Array.from(o!)));
    await Promise.all(sessions.map((s) => s.release()));
  });

  it('rejects bytes that are not an ONNX model, and stays usable afterwards', async () => {
    await expect(createSession(new TextEncoder().encode('not a model at all'), wasmModule)).rejects.toThrow();
    const session = await createSession(tinyClassifier(), wasmModule);
    expect(await runSession(session, 'x', new Float32Array(4), [1, 2, 2, 1], 'probs')).toHaveLength(3);
    await session.release();
  });

  it('names a missing output', async () => {
    const session = await createSession(tinyClassifier(), wasmModule);
    await expect(runSession(session, 'x', new Float32Array(4), [1, 2, 2, 1], 'logits')).rejects.toThrow();
    await session.release();
  });

  it('runs a weight-only int8 model with its weights folded to float at creation, giving the float graph\'s answer', async () => {
    const model = int8WeightClassifier();
    const input = Float32Array.from({ length: 2 * 4 }, (_, i) => Math.cos(i) * 3);
    const folded = await createSession(model, wasmModule, undefined, { foldWeightDequantize: true });
    const unfolded = await createSession(model, wasmModule);
    const foldedOut = await runSession(folded, 'x', input, [2, 2, 2, 1], 'probs');
    const unfoldedOut = await runSession(unfolded, 'x', input, [2, 2, 2, 1], 'probs');
    // The float graph's answer, computed here: int8 weights × their column scales, then MatMul, bias, softmax.
    const q = [64, -127, 127, 96, 16, -32, -127, 63, 48, 6, 13, 19];
    const scales = [2 / 127, 1 / 127, 2 / 127];
    const bias = [0.1, -0.2, 0.3];
    for (let n = 0; n < 2; n++) {
      const logits = [0, 1, 2].map((j) => bias[j]! + [0, 1, 2, 3].reduce((sum, k) => sum + input[n * 4 + k]! * q[k * 3 + j]! * scales[j]!, 0));
      const max = Math.max(...logits);
      const exps = logits.map((l) => Math.exp(l - max));
      const total = exps.reduce((a, b) => a + b, 0);
      for (let j = 0; j < 3; j++) expect(foldedOut[n * 3 + j]).toBeCloseTo(exps[j]! / total, 6);
    }
    for (let i = 0; i < foldedOut.length; i++) expect(unfoldedOut[i]).toBeCloseTo(foldedOut[i]!, 6);
    await Promise.all([folded.release(), unfolded.release()]);
  });
});
