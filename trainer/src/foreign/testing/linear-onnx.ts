/**
 * Test support: ONNX models "made elsewhere", written with our graph builder but not by our
 * exporter: other input and output names, NCHW or flat image inputs, and whatever flaw a test
 * needs (an unknown operator, a foreign opset, a fixed batch dimension).
 */
import { OnnxGraphBuilder } from '../../onnx/onnx-graph-builder.ts';
import type { OnnxDim } from '../../onnx/onnx-proto.ts';

export interface LinearOnnxOptions {
  inputName?: string;
  /** Declared input dims; the graph reshapes them to [batch, features]. Default ['N', 1, 28, 28]. */
  inputDims?: readonly OnnxDim[];
  outputName?: string;
  /** Output classes (the weights' width). Default 10. */
  classes?: number;
  /** Declared output dims; default [batch dim of the input, classes]. */
  outputDims?: readonly OnnxDim[];
  /** [features, classes] row-major weights and [classes] bias; default small deterministic values. */
  weights?: Float32Array;
  bias?: Float32Array;
  /** End in Softmax (declare `probabilities`) instead of logits. */
  softmax?: boolean;
  opset?: number;
  /** An extra unary node of this op type on the logits (an operator nobody has, say). */
  extraOp?: string;
}

/** logits = reshape(x, [-1, features]) · W + b, as a model exported from elsewhere might be. */
export function linearOnnx(options: LinearOnnxOptions = {}): Uint8Array {
  const inputName = options.inputName ?? 'pixels';
  const inputDims = options.inputDims ?? ['N', 1, 28, 28];
  const classes = options.classes ?? 10;
  const features = inputDims.slice(1).reduce<number>((product, dim) => product * (typeof dim === 'number' ? dim : 1), 1);
  const graph = new OnnxGraphBuilder('foreign');
  graph.addInput(inputName, inputDims);
  const shape = graph.addInt64Initializer('flat_shape', [2], [-1, features]);
  const flat = graph.addOp('Reshape', [inputName, shape]);
  const weights = options.weights ?? Float32Array.from({ length: features * classes }, (_, i) => ((i * 7919) % 101) / 1000 - 0.05);
  const bias = options.bias ?? Float32Array.from({ length: classes }, (_, i) => i / 100);
  const w = graph.addFloatInitializer('W', [features, classes], weights);
  const b = graph.addFloatInitializer('b', [classes], bias);
  let value = graph.addOp('Add', [graph.addOp('MatMul', [flat, w]), b]);
  if (options.extraOp) value = graph.addOp(options.extraOp, [value]);
  if (options.softmax) value = graph.addOp('Softmax', [value], { axis: { int: 1 } });
  const outputName = options.outputName ?? 'logits';
  graph.renameValue(value, outputName);
  graph.addOutput(outputName, options.outputDims ?? [inputDims[0]!, classes]);
  return graph.toBytes({ opset: options.opset ?? 17 });
}
