import type { LayerConverter } from '../layer-conversion.ts';
import { toTfjsLayout } from '../layout.ts';
import { requireChannelsLast } from '../spatial-options.ts';

/**
 * Flatten → Flatten(axis 1) on the tfjs (NHWC) order, transposing back from NCHW first, so the
 * following Dense kernel, trained on NHWC-flattened features, stays valid as it is.
 */
export const convertFlatten: LayerConverter = ({ graph, layer, config, input }) => {
  requireChannelsLast(layer, config);
  if (input.shape.length === 2 && input.layout === 'tfjs') return { name: input.name, layout: 'tfjs' };
  const name = graph.addOp('Flatten', [toTfjsLayout(graph, input)], { axis: { int: 1 } }, `${layer.name}/flatten`);
  return { name, layout: 'tfjs' };
};
