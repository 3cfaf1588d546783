import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { TrainerError } from '../errors.ts';
import { OnnxGraphBuilder } from './onnx-graph-builder.ts';

describe('OnnxGraphBuilder', () => {
  it('builds a tiny Gemm → Relu → Reshape graph that onnxruntime loads and runs', async () => {
    const graph = new OnnxGraphBuilder('tiny');
    graph.addInput('x', ['batch', 3]);
    const w = graph.addFloatInitializer('w', [3, 2], [1, -1, 2, 0.5, -3, 1]);
    const b = graph.addFloatInitializer('b', [2], [0.25, -0.5]);
    const gemm = graph.addOp('Gemm', ['x', w, b]);
    const relu = graph.addOp('Relu', [gemm]);
    const shape = graph.addInt64Initializer('shape', [3], [-1, 1, 2]);
    graph.addNode('Reshape', [relu, shape], { outputs: ['y'] });
    graph.addOutput('y', ['batch', 1, 2]);

    const session = await ort.InferenceSession.create(graph.toBytes(), { graphOptimizationLevel: 'all' });
    const x = new Float32Array([1, 2, 3, -1, 0, 1]);
    const { y } = await session.run({ x: new ort.Tensor('float32', x, [2, 3]) });
    await session.release();
    // Row 1: [1 + 4 - 9, -1 + 1 + 3] + b = [-3.75, 2.5] → relu; row 2: [-1 - 3, 1 + 1] + b = [-3.75, 1.5].
    expect(y!.dims).toEqual([2, 1, 2]);
    expect([...(y!.data as Float32Array)]).toEqual([0, 2.5, 0, 1.5]);
  });

  it('writes the model header onnxruntime checks: IR 8, default-domain opset, producer', () => {
    const graph = new OnnxGraphBuilder();
    graph.addInput('x', [1]);
    graph.addNode('Identity', ['x'], { outputs: ['y'] });
    graph.addOutput('y', [1]);
    const model = graph.toModel({ opset: 15 });
    expect(model).toMatchObject({ irVersion: 8, producerName: 'edgeml', opsetImports: [{ domain: '', version: 15 }] });
    // ModelProto starts with field 1 (ir_version) = 8, then field 2 (producer_name) = "edgeml".
    expect([...graph.toBytes().slice(0, 10)]).toEqual([0x08, 0x08, 0x12, 0x06, ...new TextEncoder().encode('edgeml')]);
  });

  it('makes fresh names unique and refuses to reuse a claimed one', () => {
    const graph = new OnnxGraphBuilder();
    graph.addInput('x', [2]);
    expect(graph.addOp('Relu', ['x'])).toBe('relu');
    expect(graph.addOp('Relu', ['relu'])).toBe('relu_1');
    expect(graph.addFloatInitializer('x', [1], [0])).toBe('x_1');
    expect(() => graph.addNode('Relu', ['x'], { outputs: ['relu'] })).toThrow(TrainerError);
    expect(() => graph.addFloatInitializer('w', [2, 2], [1, 2, 3])).toThrow(/need 4 values, got 3/);
  });
});
