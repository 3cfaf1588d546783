import { emitActivation } from '../emit-activation.ts';
import type { LayerConverter } from '../layer-conversion.ts';
import { layerWeights } from '../layer-weights.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** Dense on [batch, features] → Gemm (tfjs's [in, units] kernel is Gemm's B as is) + its fused activation. */
export const convertDense: LayerConverter = ({ graph, layer, config, input, outputShape }) => {
  if (input.shape.length !== 2) {
    const reason = `gets a rank-${input.shape.length} input; the ONNX exporter supports Dense on [batch, features] only (add a Flatten first)`;
    throw unsupportedLayerError(layer, reason);
  }
  const useBias = config.useBias !== false;
  const [kernel, bias] = layerWeights(layer, useBias ? 2 : 1);
  const inputs = [input.name, graph.addFloatInitializer(`${layer.name}/kernel`, kernel!.shape, kernel!.values)];
  if (bias) inputs.push(graph.addFloatInitializer(`${layer.name}/bias`, bias.shape, bias.values));
  const gemm = graph.addOp('Gemm', inputs, { alpha: { float: 1 }, beta: { float: 1 }, transA: { int: 0 }, transB: { int: 0 } }, `${layer.name}/gemm`);
  return emitActivation(graph, layer, config.activation, { name: gemm, layout: 'tfjs', shape: outputShape });
};
