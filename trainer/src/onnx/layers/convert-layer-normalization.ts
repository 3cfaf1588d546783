import type { LayerConverter } from '../layer-conversion.ts';
import { layerWeights } from '../layer-weights.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/**
 * LayerNormalization over the last axis → the ONNX LayerNormalization op from opset 17 (onnxruntime-web's
 * wasm build runs it), and its ReduceMean/Sub/Mul/Add/Sqrt/Div decomposition on older opsets.
 */
export const convertLayerNormalization: LayerConverter = ({ graph, layer, config, input, opset }) => {
  const rank = input.shape.length;
  const axes = Array.isArray(config.axis) ? (config.axis as number[]) : [config.axis as number];
  if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== rank - 1)) throw unsupportedLayerError(layer, `normalises axes ${JSON.stringify(config.axis)}; the ONNX exporter supports the last axis`);
  const size = input.shape[rank - 1];
  if (typeof size !== 'number') throw unsupportedLayerError(layer, 'has an unknown last dimension');
  const center = config.center !== false;
  const scale = config.scale !== false;
  const weights = layerWeights(layer, Number(center) + Number(scale));
  const gamma = scale ? weights[0]!.values : new Float32Array(size).fill(1);
  const beta = center ? weights[scale ? 1 : 0]!.values : new Float32Array(size);
  const epsilon = Number(config.epsilon ?? 1e-3);
  const gammaName = graph.addFloatInitializer(`${layer.name}/gamma`, [size], gamma);
  const betaName = graph.addFloatInitializer(`${layer.name}/beta`, [size], beta);
  if (opset >= 17) {
    const name = graph.addOp('LayerNormalization', [input.name, gammaName, betaName], { axis: { int: -1 }, epsilon: { float: epsilon } }, `${layer.name}/layer_norm`);
    return { name, layout: 'tfjs' };
  }
  const reduce = { axes: { ints: [-1] }, keepdims: { int: 1 } };
  const centered = graph.addOp('Sub', [input.name, graph.addOp('ReduceMean', [input.name], reduce, `${layer.name}/mean`)], undefined, `${layer.name}/centered`);
  const variance = graph.addOp('ReduceMean', [graph.addOp('Mul', [centered, centered], undefined, `${layer.name}/squared`)], reduce, `${layer.name}/variance`);
  const std = graph.addOp('Sqrt', [graph.addOp('Add', [variance, graph.addFloatInitializer(`${layer.name}/epsilon`, [], [epsilon])], undefined, `${layer.name}/variance_eps`)], undefined, `${layer.name}/std`);
  const normalized = graph.addOp('Div', [centered, std], undefined, `${layer.name}/normalized`);
  const name = graph.addOp('Add', [graph.addOp('Mul', [normalized, gammaName], undefined, `${layer.name}/scaled`), betaName], undefined, `${layer.name}/shifted`);
  return { name, layout: 'tfjs' };
};
