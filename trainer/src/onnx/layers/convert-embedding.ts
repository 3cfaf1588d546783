import type { LayerConverter } from '../layer-conversion.ts';
import { layerWeights } from '../layer-weights.ts';
import { TensorDataType } from '../onnx-proto.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/**
 * Embedding on [batch, length] float token ids → Cast to int64 + Gather on the [vocabulary, size] table.
 * `maskZero` adds no node here: the LSTM converter derives sequence lengths from the ids this Gather reads.
 */
export const convertEmbedding: LayerConverter = ({ graph, layer, input }) => {
  if (input.shape.length !== 2) throw unsupportedLayerError(layer, `gets a rank-${input.shape.length} input; the ONNX exporter supports Embedding on [batch, length] ids`);
  const [table] = layerWeights(layer, 1);
  const weights = graph.addFloatInitializer(`${layer.name}/embeddings`, table!.shape, table!.values);
  const ids = graph.addOp('Cast', [input.name], { to: { int: TensorDataType.INT64 } }, `${layer.name}/ids`);
  return { name: graph.addOp('Gather', [weights, ids], { axis: { int: 0 } }, `${layer.name}/gather`), layout: 'tfjs' };
};
