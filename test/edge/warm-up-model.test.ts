import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { compareGoldenOutputs } from '@edgeml/shared';
import { warmUpOrt, WARM_UP_MODEL_BASE64, WARM_UP_OPERATORS } from '@edgeml/edge/runtime/warm-up-ort';
import { OnnxGraphBuilder } from '@edgeml/trainer/onnx/onnx-graph-builder';
import { TensorDataType } from '@edgeml/trainer/onnx/onnx-proto';
import { readOnnxGraph } from '@edgeml/trainer/deploy/read-onnx-graph';
import { ortWasmModule } from '@edgeml/trainer/deploy/ort-wasm-module';
import { crossCheckBound } from '@edgeml/trainer/golden/golden-tolerance';

/**
 * The edge's embedded warm-up model (edge/src/runtime/warm-up-ort.ts) is this graph, built with the
 * trainer's exporter: the operators of the default image model (NHWC transpose, int8 weights behind
 * DequantizeLinear, Conv, Relu, MaxPool, Flatten, Gemm, Softmax) and of the pooled text model (Cast,
 * Gather, ReduceMean), on tensors of a few values.
 */
function buildWarmUpModel(): Uint8Array {
  const g = new OnnxGraphBuilder('warm_up');
  g.addInput('x', ['batch', 6, 6, 1]);
  g.addInput('ids', ['batch', 4]);
  const nchw = g.addOp('Transpose', ['x'], { perm: { ints: [0, 3, 1, 2] } });
  const quantized = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, -6, -5, -4, -3, -2, -1, 1, 2, 3]);
  g.addInitializer({ name: 'w_q', dims: [2, 1, 3, 3], dataType: TensorDataType.INT8, rawData: new Uint8Array(quantized.buffer) });
  const weights = g.addOp('DequantizeLinear', ['w_q', g.addFloatInitializer('w_scale', [], [0.05])]);
  const conv = g.addOp('Conv', [nchw, weights, g.addFloatInitializer('b', [2], [0.1, -0.1])], { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } });
  const pool = g.addOp('MaxPool', [g.addOp('Relu', [conv])], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
  const flat = g.addOp('Flatten', [g.addOp('Transpose', [pool], { perm: { ints: [0, 2, 3, 1] } })], { axis: { int: 1 } });
  const dense = g.addFloatInitializer('w2', [18, 3], Array.from({ length: 54 }, (_, i) => ((i * 37) % 11) / 10 - 0.5));
  const gemm = g.addOp('Gemm', [flat, dense, g.addFloatInitializer('b2', [3], [0, 0.1, 0.2])]);
  g.addNode('Softmax', [gemm], { outputs: ['probs'], attributes: { axis: { int: -1 } } });
  const ids = g.addOp('Cast', ['ids'], { to: { int: TensorDataType.INT64 } });
  const embedded = g.addOp('Gather', [g.addFloatInitializer('embedding', [8, 3], Array.from({ length: 24 }, (_, i) => (i % 5) / 4 - 0.5)), ids]);
  g.addNode('ReduceMean', [embedded], { outputs: ['pooled'], attributes: { axes: { ints: [1] }, keepdims: { int: 0 } } });
  g.addOutput('probs', ['batch', 3]);
  g.addOutput('pooled', ['batch', 3]);
  return g.toBytes();
}

const embedded = () => new Uint8Array(Buffer.from(WARM_UP_MODEL_BASE64, 'base64'));

describe('the module-scope warm-up model', () => {
  it('is the graph built here, byte for byte (on a change, paste the printed base64 into warm-up-ort.ts)', () => {
    const built = Buffer.from(buildWarmUpModel()).toString('base64');
    if (built !== WARM_UP_MODEL_BASE64) console.log(`WARM_UP_MODEL_BASE64 = '${built}'`);
    expect(WARM_UP_MODEL_BASE64).toBe(built);
  });

  it('holds every operator of the default image and text models, and the list warm-up-ort.ts states', () => {
    const operators = new Set(readOnnxGraph(embedded()).nodes.map((node) => node.opType));
    expect([...operators].sort()).toEqual([...WARM_UP_OPERATORS].sort());
    for (const op of ['Transpose', 'DequantizeLinear', 'Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'Softmax', 'Cast', 'Gather', 'ReduceMean']) expect(operators).toContain(op);
  });

  it('runs in onnxruntime-web as in native onnxruntime', async () => {
    const outputs = await warmUpOrt(await ortWasmModule());
    const native = await ortNode.InferenceSession.create(embedded());
    const feeds = {
      x: new ortNode.Tensor('float32', Float32Array.from({ length: 36 }, (_, i) => (i % 7) / 7), [1, 6, 6, 1]),
      ids: new ortNode.Tensor('float32', Float32Array.from([0, 3, 5, 7]), [1, 4]),
    };
    const expected = await native.run(feeds);
    await native.release();
    for (const name of ['probs', 'pooled'] as const) {
      expect(compareGoldenOutputs(expected[name]!.data as Float32Array, outputs[name], crossCheckBound('onnxruntime-node', 'float'))).toMatchObject({ ok: true });
    }
  });
});
