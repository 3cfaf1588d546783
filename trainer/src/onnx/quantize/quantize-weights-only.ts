import type { OnnxModel } from '../onnx-proto.ts';
import { addInt8Weight, dequantizeInt8Weight } from './add-int8-weight.ts';
import { OnnxGraphEditor } from './onnx-graph-editor.ts';
import { quantizableWeight } from './quantizable-weight.ts';

/**
 * Weight-only int8: every Conv and Gemm weight is stored as an int8 initializer with per-output-
 * channel scales and read through DequantizeLinear; compute stays float. About 4× fewer weight
 * bytes; biases (tiny) stay float.
 */
export function quantizeWeightsOnly(model: OnnxModel): OnnxModel {
  const editor = new OnnxGraphEditor(model);
  for (const node of editor.sourceNodes) {
    const weight = quantizableWeight(editor, node);
    if (!weight) {
      editor.keep(node);
      continue;
    }
    const inputs = [...node.inputs];
    inputs[1] = dequantizeInt8Weight(editor, addInt8Weight(editor, weight));
    editor.keep(node, inputs);
  }
  return editor.toModel();
}
