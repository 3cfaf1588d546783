import type { LayerConverter } from '../layer-conversion.ts';
import { onnxAxis } from '../layout.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** Softmax layer → Softmax on the matching ONNX axis (opset 13 normalises that one axis, as tfjs does). */
export const convertSoftmax: LayerConverter = ({ graph, layer, config, input }) => {
  const axis = config.axis ?? -1;
  if (typeof axis !== 'number' || axis < -input.shape.length || axis >= input.shape.length) {
    throw unsupportedLayerError(layer, `has axis ${JSON.stringify(axis)}; the ONNX exporter supports one axis of the rank-${input.shape.length} input`);
  }
  return { name: graph.addOp('Softmax', [input.name], { axis: { int: onnxAxis(input, axis) } }, `${layer.name}/softmax`), layout: input.layout };
};
