import type { LayerConverter } from '../layer-conversion.ts';
import { tokenFlags } from '../token-flags.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** MaskedAveragePooling1D (our custom layer): ReduceSum(x · flags) / max(ReduceSum(flags), 1) over the length axis. */
export const convertMaskedAveragePooling1d: LayerConverter = ({ graph, layer, input }) => {
  if (input.shape.length !== 3) throw unsupportedLayerError(layer, `gets a rank-${input.shape.length} input; expected [batch, length, size]`);
  const flags = tokenFlags(graph, layer, input.name);
  const lengthAxis = graph.addInt64Initializer(`${layer.name}/length_axis`, [1], [1]);
  const sizeAxis = graph.addInt64Initializer(`${layer.name}/size_axis`, [1], [2]);
  const weighted = graph.addOp('Mul', [input.name, graph.addOp('Unsqueeze', [flags, sizeAxis], undefined, `${layer.name}/flags3d`)], undefined, `${layer.name}/weighted`);
  // Opset 13 ReduceSum takes its axes as an input.
  const sum = graph.addOp('ReduceSum', [weighted, lengthAxis], { keepdims: { int: 0 } }, `${layer.name}/sum`);
  const count = graph.addOp('ReduceSum', [flags, lengthAxis], { keepdims: { int: 1 } }, `${layer.name}/count`);
  const one = graph.addFloatInitializer(`${layer.name}/one`, [], [1]);
  return { name: graph.addOp('Div', [sum, graph.addOp('Max', [count, one], undefined, `${layer.name}/count_min1`)], undefined, `${layer.name}/mean`), layout: 'tfjs' };
};
