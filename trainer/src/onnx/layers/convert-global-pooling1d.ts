import type { LayerConverter } from '../layer-conversion.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** GlobalAverage/MaxPooling1D on [batch, steps, features] → ReduceMean/ReduceMax over the steps axis. */
export function convertGlobalPooling1d(opType: 'ReduceMean' | 'ReduceMax'): LayerConverter {
  return ({ graph, layer, config, input }) => {
    if (input.shape.length !== 3) throw unsupportedLayerError(layer, `gets a rank-${input.shape.length} input; expected [batch, steps, features]`);
    if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') throw unsupportedLayerError(layer, 'uses channelsFirst; the ONNX exporter supports channelsLast');
    // Opsets 13-17 take ReduceMean/ReduceMax axes as an attribute.
    const name = graph.addOp(opType, [input.name], { axes: { ints: [1] }, keepdims: { int: 0 } }, `${layer.name}/${opType.toLowerCase()}`);
    return { name, layout: 'tfjs' };
  };
}
