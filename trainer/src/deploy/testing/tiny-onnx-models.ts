import { OnnxGraphBuilder } from '../../onnx/onnx-graph-builder.ts';
import { encodeOnnxModel } from '../../onnx/onnx-proto.ts';

/** x [N, 2, 2, 1] → flatten → MatMul → Softmax: standard ai.onnx operators ORT-web's WASM runs. */
export function tinySupportedModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('tiny');
  graph.addInput('x', ['batch', 2, 2, 1]);
  const shape = graph.addInt64Initializer('shape', [2], [-1, 4]);
  const weights = graph.addFloatInitializer('w', [4, 3], [0.5, -1, 2, 1.5, 0.25, -0.5, -2, 1, 0.75, 0.1, 0.2, 0.3]);
  const logits = graph.addOp('MatMul', [graph.addOp('Reshape', ['x', shape]), weights]);
  graph.addNode('Softmax', [logits], { outputs: ['probs'], attributes: { axis: { int: -1 } } });
  graph.addOutput('probs', ['batch', 3]);
  return graph.toBytes();
}

/**
 * The same input through com.microsoft's NhwcConv, then Relu: onnxruntime knows the operator's
 * schema but its WASM backend has no kernel for it (only GPU execution providers register one).
 */
export function tinyUnsupportedModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('unsupported');
  graph.addInput('x', ['batch', 2, 2, 1]);
  const weights = graph.addFloatInitializer('w', [2, 1, 1, 1], [1, -1]);
  const conv = graph.addNode('NhwcConv', ['x', weights], { outputs: ['conv'] });
  graph.addNode('Relu', conv, { outputs: ['y'] });
  graph.addOutput('y', ['batch', 2, 2, 2]);
  const model = graph.toModel();
  return encodeOnnxModel({
    ...model,
    opsetImports: [...model.opsetImports, { domain: 'com.microsoft', version: 1 }],
    graph: { ...model.graph, nodes: model.graph.nodes.map((node) => (node.opType === 'NhwcConv' ? { ...node, domain: 'com.microsoft' } : node)) },
  });
}
