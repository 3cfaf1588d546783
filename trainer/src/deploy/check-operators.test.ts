import { describe, expect, it } from 'vitest';
import { exportOnnx } from '../onnx/export-onnx.ts';
import { buildModel } from '../models/build-model.ts';
import { selectBackend } from '../tf.ts';
import { checkOperators } from './check-operators.ts';
import { readOnnxGraph } from './read-onnx-graph.ts';
import { tinySupportedModel, tinyUnsupportedModel } from './testing/tiny-onnx-models.ts';

describe('readOnnxGraph', () => {
  it('reads opset imports and every node with its domain, inputs and outputs', () => {
    const graph = readOnnxGraph(tinyUnsupportedModel());
    expect(graph.opsetImports).toEqual([{ domain: '', version: 13 }, { domain: 'com.microsoft', version: 1 }]);
    expect(graph.nodes.map((node) => [node.domain, node.opType, node.inputs, node.outputs])).toEqual([
      ['com.microsoft', 'NhwcConv', ['x', 'w'], ['conv']],
      ['', 'Relu', ['conv'], ['y']],
    ]);
    expect([...graph.initializers.keys()]).toEqual(['w']);
    expect(graph.inputNames).toEqual(['x']);
    expect(graph.outputNames).toEqual(['y']);
  });

  it('refuses bytes that are not an ONNX model', () => {
    expect(() => readOnnxGraph(new TextEncoder().encode('not a model at all'))).toThrow(/not an ONNX model/);
  });
});

describe('checkOperators (onnxruntime-web WASM)', () => {
  it('fails a model with an operator the WASM backend lacks, naming it, and passes its other operators', async () => {
    const result = await checkOperators(tinyUnsupportedModel());
    expect(result.ok).toBe(false);
    expect(result.modelError).toMatch(/NhwcConv/);
    const nhwc = result.operators.find((operator) => operator.opType === 'NhwcConv')!;
    expect(nhwc).toMatchObject({ domain: 'com.microsoft', opset: 1, nodes: 1, supported: false });
    expect(nhwc.reason).toMatch(/Could not find an implementation for NhwcConv/);
    expect(result.operators.find((operator) => operator.opType === 'Relu')).toMatchObject({ domain: 'ai.onnx', opset: 13, supported: true });
  });

  it('fails an operator of an unknown domain', async () => {
    const bytes = tinyUnsupportedModel();
    // Same bytes with the domain renamed in place (same length, so every length prefix stays valid).
    const renamed = Buffer.from(Buffer.from(bytes).toString('latin1').replaceAll('com.microsoft', 'com.example.x'), 'latin1');
    const result = await checkOperators(new Uint8Array(renamed));
    expect(result.ok).toBe(false);
    expect(result.operators.find((operator) => operator.opType === 'NhwcConv')).toMatchObject({ domain: 'com.example.x', supported: false });
  });

  it('passes a hand-built model and a real export of the default architecture', async () => {
    const tiny = await checkOperators(tinySupportedModel());
    expect(tiny.ok).toBe(true);
    expect(tiny.operators.map((operator) => operator.opType).sort()).toEqual(['MatMul', 'Reshape', 'Softmax']);

    await selectBackend({ backend: 'cpu' });
    const model = buildModel('small-cnn', [28, 28, 1], 10);
    try {
      const exported = await checkOperators(exportOnnx(model).bytes);
      expect(exported.ok).toBe(true);
      expect(exported.operators.every((operator) => operator.supported)).toBe(true);
      expect(exported.operators.map((operator) => operator.opType)).toContain('Conv');
    } finally {
      model.dispose();
    }
  });
});
