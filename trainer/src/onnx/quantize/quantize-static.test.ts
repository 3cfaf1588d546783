import { beforeAll, describe, expect, it } from 'vitest';
import { buildSmallCnn } from '../../models/build-small-cnn.ts';
import { selectBackend } from '../../tf.ts';
import { exportOnnx } from '../export-onnx.ts';
import type { OnnxModel } from '../onnx-proto.ts';
import { quantizeStatic } from './quantize-static.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

describe('quantizeStatic', () => {
  it("writes onnxruntime's QDQ format: Q after each Relu, shared parameters through pools, uint8 layout ops, int32 biases", () => {
    const model = buildSmallCnn([28, 28, 1], 10);
    let float: OnnxModel | undefined;
    exportOnnx(model, { rewrite: (built) => (float = built) });
    model.dispose();
    const ranges = new Map(float!.graph.nodes.flatMap((n) => n.outputs).map((name) => [name, { min: -2, max: 3 }]));
    const graph = quantizeStatic(float!, ranges).graph;
    const producer = (value: string) => graph.nodes.find((n) => n.outputs.includes(value));
    const initializer = (name: string) => graph.initializers.find((i) => i.name === name)!;

    for (const conv of graph.nodes.filter((n) => n.opType === 'Conv' || n.opType === 'Gemm')) {
      expect(conv.inputs.map((input) => producer(input)?.opType)).toEqual(['DequantizeLinear', 'DequantizeLinear', 'DequantizeLinear']);
      const bias = producer(conv.inputs[2]!)!;
      expect(initializer(bias.inputs[0]!).dataType).toBe(6); // INT32
    }
    // Relu → Q (onnxruntime folds the Relu into the quantized Conv); MaxPool's Q reuses its input's scale.
    for (const relu of graph.nodes.filter((n) => n.opType === 'Relu')) {
      const next = graph.nodes.find((n) => n.inputs.includes(relu.outputs[0]!))!;
      expect(next.opType).toBe('QuantizeLinear');
      expect(initializer(next.inputs[2]!).rawData[0]).toBe(0); // zero point 0: the range starts at 0
    }
    for (const pool of graph.nodes.filter((n) => n.opType === 'MaxPool')) {
      const before = producer(pool.inputs[0]!)!;
      const after = graph.nodes.find((n) => n.inputs.includes(pool.outputs[0]!))!;
      expect(after.opType).toBe('QuantizeLinear');
      expect(after.inputs.slice(1)).toEqual(before.inputs.slice(1));
    }
    // Transpose and Flatten move the uint8 values between the last pool's Q and the Gemm's DQ.
    const flatten = graph.nodes.find((n) => n.opType === 'Flatten')!;
    const transpose = producer(flatten.inputs[0]!)!;
    expect(transpose.opType).toBe('Transpose');
    expect(producer(transpose.inputs[0]!)!.opType).toBe('QuantizeLinear');
    expect(graph.nodes.find((n) => n.inputs.includes(flatten.outputs[0]!))!.opType).toBe('DequantizeLinear');
    // The graph output itself stays float.
    expect(producer('probabilities')!.opType).toBe('Softmax');
  });

  it('names a value with no calibrated range', () => {
    const model = buildSmallCnn([28, 28, 1], 10);
    let float: OnnxModel | undefined;
    exportOnnx(model, { rewrite: (built) => (float = built) });
    model.dispose();
    expect(() => quantizeStatic(float!, new Map())).toThrow(/no calibrated range for ONNX value "input\/nchw"/);
  });
});
