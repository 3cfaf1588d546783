import type { OnnxNode } from '../onnx-proto.ts';
import type { OnnxGraphEditor } from './onnx-graph-editor.ts';

/** A Conv or Gemm whose weight is a float initializer, and the weight's output-channel axis. */
export interface QuantizableWeight {
  /** The weight initializer's name (input 1 of the node). */
  name: string;
  /** Output-channel axis of the weight: 0 for Conv's [out, in, kh, kw], 1 for Gemm's B [in, out]. */
  axis: number;
  /** The node's bias initializer (input 2), when it is a float initializer. */
  bias?: string;
}

/**
 * The weight a node multiplies its input by, when the int8 passes can quantize it: Conv with
 * group 1 and Gemm as our exporter writes Dense (alpha 1, beta 1, no transposes), each with a
 * float initializer weight. Anything else stays float.
 */
export function quantizableWeight(editor: OnnxGraphEditor, node: OnnxNode): QuantizableWeight | undefined {
  const [input, weight, bias] = node.inputs;
  if (!input || !weight || editor.isInitializer(input) || !editor.readFloat(weight)) return undefined;
  const floatBias = bias && editor.readFloat(bias) ? bias : undefined;
  if (bias && !floatBias) return undefined;
  const attributes = node.attributes ?? {};
  const intAttribute = (name: string, fallback: number): number => {
    const value = attributes[name];
    return value && 'int' in value ? value.int : fallback;
  };
  const floatAttribute = (name: string): number => {
    const value = attributes[name];
    return value && 'float' in value ? value.float : 1;
  };
  if (node.opType === 'Conv' && intAttribute('group', 1) === 1) return { name: weight, axis: 0, bias: floatBias };
  const plainGemm = intAttribute('transA', 0) === 0 && intAttribute('transB', 0) === 0 && floatAttribute('alpha') === 1 && floatAttribute('beta') === 1;
  if (node.opType === 'Gemm' && plainGemm) return { name: weight, axis: 1, bias: floatBias };
  return undefined;
}
