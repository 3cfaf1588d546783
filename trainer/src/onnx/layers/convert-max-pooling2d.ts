import type { LayerConverter } from '../layer-conversion.ts';
import { toNchw } from '../layout.ts';
import { pairOption, paddingAttributes, requireChannelsLast, requireRank4 } from '../spatial-options.ts';

/** MaxPooling2D → MaxPool; ONNX never picks a pad, as TF's `same` max-pool pads with -∞. */
export const convertMaxPooling2d: LayerConverter = ({ graph, layer, config, input }) => {
  requireChannelsLast(layer, config);
  requireRank4(layer, input);
  const poolSize = pairOption(layer, config, 'poolSize', [2, 2]);
  const strides = pairOption(layer, config, 'strides', poolSize);
  const name = graph.addOp(
    'MaxPool',
    [toNchw(graph, input)],
    { kernel_shape: { ints: poolSize }, strides: { ints: strides }, ...paddingAttributes(layer, config.padding, input, poolSize, strides) },
    `${layer.name}/maxpool`,
  );
  return { name, layout: 'nchw' };
};
