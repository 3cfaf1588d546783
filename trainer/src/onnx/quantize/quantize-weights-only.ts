import type { OnnxModel, OnnxNode } from '../onnx-proto.ts';
import { addInt8Weight, dequantizeInt8Weight } from './add-int8-weight.ts';
import { OnnxGraphEditor } from './onnx-graph-editor.ts';
import { quantizableWeight, type QuantizableWeight } from './quantizable-weight.ts';

/**
 * Weight-only int8: every Conv and Gemm weight, MatMul's 2-D weight (the transformer's projections) and
 * Gather's embedding table is stored as an int8 initializer with per-output-channel scales (per row for
 * a table) and read through DequantizeLinear; compute stays float. About 4× fewer weight bytes; biases
 * (tiny) stay float.
 */
export function quantizeWeightsOnly(model: OnnxModel): OnnxModel {
  const editor = new OnnxGraphEditor(model);
  for (const node of editor.sourceNodes) {
    const target = weightOnlyTarget(editor, node);
    if (!target) {
      editor.keep(node);
      continue;
    }
    const inputs = [...node.inputs];
    inputs[target.input] = dequantizeInt8Weight(editor, addInt8Weight(editor, target.weight));
    editor.keep(node, inputs);
  }
  return editor.toModel();
}

/** Which input of `node` is a weight to store as int8, and its channel axis. */
function weightOnlyTarget(editor: OnnxGraphEditor, node: OnnxNode): { input: number; weight: QuantizableWeight } | undefined {
  const weight = quantizableWeight(editor, node);
  if (weight) return { input: 1, weight };
  const [first, second] = node.inputs;
  // Gather(table, ids) on axis 0: one scale per vocabulary row, so rare words keep their own range.
  const axis = node.attributes?.axis;
  const onRows = !axis || ('int' in axis && axis.int === 0);
  if (node.opType === 'Gather' && first && onRows && editor.readFloat(first)?.dims.length === 2) return { input: 0, weight: { name: first, axis: 0 } };
  // MatMul(x, W) with W a [in, out] initializer: one scale per output column, as for Gemm.
  if (node.opType === 'MatMul' && first && second && !editor.isInitializer(first) && editor.readFloat(second)?.dims.length === 2) return { input: 1, weight: { name: second, axis: 1 } };
  return undefined;
}
