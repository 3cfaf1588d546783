import { emitClip } from '../emit-activation.ts';
import type { LayerConverter } from '../layer-conversion.ts';

/** ReLU layer → Relu, or Clip(0, maxValue) when capped. */
export const convertRelu: LayerConverter = ({ graph, layer, config, input }) => {
  const maxValue = config.maxValue;
  const name =
    typeof maxValue === 'number'
      ? emitClip(graph, input.name, 0, maxValue, layer.name)
      : graph.addOp('Relu', [input.name], undefined, `${layer.name}/relu`);
  return { name, layout: input.layout };
};
