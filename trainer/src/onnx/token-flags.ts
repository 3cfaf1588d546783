import type { TfLayer } from './layer-conversion.ts';
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { TensorDataType } from './onnx-proto.ts';
import { unsupportedLayerError } from './unsupported-layer-error.ts';

/**
 * float [batch, length]: 1 at token ids, 0 at `<pad>` (id 0), the ONNX form of the mask tfjs derives from a
 * `maskZero` Embedding. Found by following each node's first input back from `value` to the Embedding's Gather,
 * whose second input holds the int64 ids (every converter on a masked chain keeps its data path first).
 */
export function tokenFlags(graph: OnnxGraphBuilder, layer: TfLayer, value: string): string {
  let node = graph.producerOf(value);
  while (node && node.opType !== 'Gather') node = graph.producerOf(node.inputs[0]!);
  if (!node) throw unsupportedLayerError(layer, 'needs the padding mask of an Embedding earlier in the chain, and the ONNX exporter found none');
  const zero = graph.addInt64Initializer(`${layer.name}/pad_id`, [], [0]);
  const isToken = graph.addOp('Not', [graph.addOp('Equal', [node.inputs[1]!, zero], undefined, `${layer.name}/is_pad`)], undefined, `${layer.name}/is_token`);
  return graph.addOp('Cast', [isToken], { to: { int: TensorDataType.FLOAT } }, `${layer.name}/token_flags`);
}
