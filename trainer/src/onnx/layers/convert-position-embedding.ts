import type { LayerConverter } from '../layer-conversion.ts';
import { layerWeights } from '../layer-weights.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** PositionEmbedding (our custom layer) → Add of the [1, length, size] position table. */
export const convertPositionEmbedding: LayerConverter = ({ graph, layer, input }) => {
  if (input.shape.length !== 3) throw unsupportedLayerError(layer, `gets a rank-${input.shape.length} input; expected [batch, length, size]`);
  const [table] = layerWeights(layer, 1);
  const positions = graph.addFloatInitializer(`${layer.name}/positions`, [1, ...table!.shape], table!.values);
  return { name: graph.addOp('Add', [input.name, positions], undefined, `${layer.name}/add`), layout: 'tfjs' };
};
