import { emitActivation } from '../emit-activation.ts';
import type { LayerConverter } from '../layer-conversion.ts';
import { convKernelToOihw, layerWeights } from '../layer-weights.ts';
import { toNchw } from '../layout.ts';
import { pairOption, paddingAttributes, requireChannelsLast, requireRank4 } from '../spatial-options.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** Conv2D → Conv (NCHW, kernel transposed to OIHW) + its fused activation. */
export const convertConv2d: LayerConverter = ({ graph, layer, config, input, outputShape }) => {
  requireChannelsLast(layer, config);
  requireRank4(layer, input);
  if (config.groups !== undefined && config.groups !== 1) {
    throw unsupportedLayerError(layer, `has groups ${String(config.groups)}; the ONNX exporter supports 1`);
  }
  const kernelSize = pairOption(layer, config, 'kernelSize');
  const strides = pairOption(layer, config, 'strides', [1, 1]);
  const dilations = pairOption(layer, config, 'dilationRate', [1, 1]);
  const useBias = config.useBias !== false;
  const [kernel, bias] = layerWeights(layer, useBias ? 2 : 1);
  const oihw = convKernelToOihw(kernel!);
  const inputs = [toNchw(graph, input), graph.addFloatInitializer(`${layer.name}/kernel`, oihw.dims, oihw.values)];
  if (bias) inputs.push(graph.addFloatInitializer(`${layer.name}/bias`, bias.shape, bias.values));
  const conv = graph.addOp(
    'Conv',
    inputs,
    {
      kernel_shape: { ints: kernelSize },
      strides: { ints: strides },
      dilations: { ints: dilations },
      group: { int: 1 },
      ...paddingAttributes(layer, config.padding, input, kernelSize, strides, dilations),
    },
    `${layer.name}/conv`,
  );
  return emitActivation(graph, layer, config.activation, { name: conv, layout: 'nchw', shape: outputShape });
};
