import type { LayerConverter } from '../layer-conversion.ts';
import { toNchw } from '../layout.ts';
import { pairOption, paddingAttributes, requireChannelsLast, requireRank4 } from '../spatial-options.ts';

/** AveragePooling2D → AveragePool; TF's `same` average leaves the padding out of the count. */
export const convertAveragePooling2d: LayerConverter = ({ graph, layer, config, input }) => {
  requireChannelsLast(layer, config);
  requireRank4(layer, input);
  const poolSize = pairOption(layer, config, 'poolSize', [2, 2]);
  const strides = pairOption(layer, config, 'strides', poolSize);
  const name = graph.addOp(
    'AveragePool',
    [toNchw(graph, input)],
    {
      kernel_shape: { ints: poolSize },
      strides: { ints: strides },
      count_include_pad: { int: 0 },
      ...paddingAttributes(layer, config.padding, input, poolSize, strides),
    },
    `${layer.name}/avgpool`,
  );
  return { name, layout: 'nchw' };
};
