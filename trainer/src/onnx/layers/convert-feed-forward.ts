import type { LayerConverter } from '../layer-conversion.ts';
import { layerWeights } from '../layer-weights.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** FeedForward (our custom layer) on [batch, length, size] → MatMul/Add/Relu/MatMul/Add, then the residual Add. */
export const convertFeedForward: LayerConverter = ({ graph, layer, input }) => {
  if (input.shape.length !== 3) throw unsupportedLayerError(layer, `gets a rank-${input.shape.length} input; expected [batch, length, size]`);
  const [kernel1, bias1, kernel2, bias2] = layerWeights(layer, 4).map((w) => graph.addFloatInitializer(`${layer.name}/${w.name.split('/').at(-1)}`, w.shape, w.values));
  const hidden = graph.addOp('Relu', [graph.addOp('Add', [graph.addOp('MatMul', [input.name, kernel1!], undefined, `${layer.name}/matmul1`), bias1!], undefined, `${layer.name}/add1`)], undefined, `${layer.name}/relu`);
  const projected = graph.addOp('Add', [graph.addOp('MatMul', [hidden, kernel2!], undefined, `${layer.name}/matmul2`), bias2!], undefined, `${layer.name}/add2`);
  return { name: graph.addOp('Add', [input.name, projected], undefined, `${layer.name}/residual`), layout: 'tfjs' };
};
