import type { LayerConverter } from '../layer-conversion.ts';
import { toNchw } from '../layout.ts';
import { requireChannelsLast, requireRank4 } from '../spatial-options.ts';

/** GlobalAverage/MaxPooling2D → GlobalAveragePool/GlobalMaxPool ([N, C, 1, 1]) + Flatten to tfjs's [N, C]. */
export function convertGlobalPooling2d(opType: 'GlobalAveragePool' | 'GlobalMaxPool'): LayerConverter {
  return ({ graph, layer, config, input }) => {
    requireChannelsLast(layer, config);
    requireRank4(layer, input);
    const pooled = graph.addOp(opType, [toNchw(graph, input)], undefined, `${layer.name}/${opType.toLowerCase()}`);
    return { name: graph.addOp('Flatten', [pooled], { axis: { int: 1 } }, `${layer.name}/flatten`), layout: 'tfjs' };
  };
}
