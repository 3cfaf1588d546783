import { readOnnxGraph } from '../deploy/read-onnx-graph.ts';
import type { GoldenArithmetic } from './golden-tolerance.ts';

// Operators that make a graph's arithmetic depend on quantization steps and integer kernels.
const QUANTIZED_OPERATORS = new Set(['QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'MatMulInteger', 'ConvInteger', 'QLinearConv', 'QLinearMatMul', 'MatMulNBits']);

/** Whether an ONNX graph computes in float or with quantized operators. */
export function goldenArithmetic(onnx: Uint8Array): GoldenArithmetic {
  return readOnnxGraph(onnx).nodes.some((node) => QUANTIZED_OPERATORS.has(node.opType)) ? 'integer' : 'float';
}
