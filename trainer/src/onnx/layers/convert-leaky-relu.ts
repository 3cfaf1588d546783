import type { LayerConverter } from '../layer-conversion.ts';

/** LeakyReLU layer → LeakyRelu (tfjs's default alpha is 0.3, ONNX's 0.01: always written). */
export const convertLeakyRelu: LayerConverter = ({ graph, layer, config, input }) => {
  const alpha = typeof config.alpha === 'number' ? config.alpha : 0.3;
  return { name: graph.addOp('LeakyRelu', [input.name], { alpha: { float: alpha } }, `${layer.name}/leakyrelu`), layout: input.layout };
};
