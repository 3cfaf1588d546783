import type { LayerConverter, TfLayer } from '../layer-conversion.ts';
import { layerWeights, type LayerWeight } from '../layer-weights.ts';
import type { OnnxGraphBuilder } from '../onnx-graph-builder.ts';
import { TensorDataType } from '../onnx-proto.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/** ONNX gate order i, o, f, c as indices into tfjs's (Keras's) i, f, c, o. */
const TFJS_GATE_OF_ONNX_GATE = [0, 3, 1, 2] as const;

/**
 * LSTM (last state only) → ONNX LSTM on [steps, batch, features], weights re-ordered to ONNX's gates.
 * After an Embedding with `maskZero`, `sequence_lens` counts the non-pad ids so the state stops at
 * the last token as tfjs's masking does (padding must come after the tokens, as the shared tokenizer does).
 */
export const convertLstm: LayerConverter = ({ graph, layer, config, input }) => {
  if (input.shape.length !== 3) throw unsupportedLayerError(layer, `gets a rank-${input.shape.length} input; expected [batch, steps, features]`);
  if (config.returnSequences || config.returnState || config.goBackwards || config.stateful) {
    throw unsupportedLayerError(layer, 'returns sequences or state, runs backwards or is stateful; the ONNX exporter supports the last output only');
  }
  if (config.activation !== 'tanh') throw unsupportedLayerError(layer, `has activation ${JSON.stringify(config.activation)}; the ONNX exporter supports tanh`);
  // ONNX LSTM's default activations are Sigmoid, Tanh, Tanh; choosing others needs a STRINGS attribute the proto writer lacks.
  if (config.recurrentActivation !== 'sigmoid') {
    throw unsupportedLayerError(layer, `has recurrent activation ${JSON.stringify(config.recurrentActivation)}; the ONNX exporter supports sigmoid`);
  }
  const units = Number(config.units);
  const useBias = config.useBias !== false;
  const [kernel, recurrent, bias] = layerWeights(layer, useBias ? 3 : 2);
  const inputSize = kernel!.shape[0]!;
  const w = graph.addFloatInitializer(`${layer.name}/W`, [1, 4 * units, inputSize], gatesFirst(kernel!, units));
  const r = graph.addFloatInitializer(`${layer.name}/R`, [1, 4 * units, units], gatesFirst(recurrent!, units));
  const b = new Float32Array(8 * units);
  if (bias) TFJS_GATE_OF_ONNX_GATE.forEach((tfGate, gate) => b.set(bias.values.subarray(tfGate * units, (tfGate + 1) * units), gate * units));
  const inputs = [graph.addOp('Transpose', [input.name], { perm: { ints: [1, 0, 2] } }, `${layer.name}/time_major`), w, r, graph.addFloatInitializer(`${layer.name}/B`, [1, 8 * units], b)];
  if (embeddingMasksZero(layer)) inputs.push(sequenceLengths(graph, layer, input.name));
  const [, lastState] = graph.addNode('LSTM', inputs, {
    outputCount: 2,
    outputPrefix: `${layer.name}/lstm`,
    attributes: { hidden_size: { int: units }, direction: { string: 'forward' } },
  });
  const axes = graph.addInt64Initializer(`${layer.name}/squeeze_axes`, [1], [0]);
  return { name: graph.addOp('Squeeze', [lastState!, axes], undefined, `${layer.name}/last`), layout: 'tfjs' };
};

/** A tfjs [in, 4·units] kernel (gates i, f, c, o along columns) as ONNX's [4·units, in] rows in gate order i, o, f, c. */
function gatesFirst(weight: LayerWeight, units: number): Float32Array {
  const [rows] = weight.shape as [number, number];
  const out = new Float32Array(weight.values.length);
  TFJS_GATE_OF_ONNX_GATE.forEach((tfGate, gate) => {
    for (let u = 0; u < units; u++) for (let k = 0; k < rows; k++) out[(gate * units + u) * rows + k] = weight.values[k * 4 * units + tfGate * units + u]!;
  });
  return out;
}

function embeddingMasksZero(layer: TfLayer): boolean {
  let source = layer.inboundNodes[0]?.inboundLayers[0];
  while (source && source.getClassName() === 'Dropout') source = source.inboundNodes[0]?.inboundLayers[0];
  return source?.getClassName() === 'Embedding' && (source.getConfig() as { maskZero?: boolean }).maskZero === true;
}

/** int32 [batch] counts of non-zero ids, read from the Gather that made the LSTM's input. */
function sequenceLengths(graph: OnnxGraphBuilder, layer: TfLayer, embedded: string): string {
  const gather = graph.producerOf(embedded);
  if (gather?.opType !== 'Gather') throw unsupportedLayerError(layer, 'follows a masking Embedding through layers the ONNX exporter cannot trace the ids through');
  const ids = gather.inputs[1]!;
  const zero = graph.addInt64Initializer(`${layer.name}/pad_id`, [], [0]);
  const isToken = graph.addOp('Not', [graph.addOp('Equal', [ids, zero], undefined, `${layer.name}/is_pad`)], undefined, `${layer.name}/is_token`);
  const counts = graph.addOp('Cast', [isToken], { to: { int: TensorDataType.INT32 } }, `${layer.name}/token_flags`);
  const axes = graph.addInt64Initializer(`${layer.name}/length_axes`, [1], [1]);
  return graph.addOp('ReduceSum', [counts, axes], { keepdims: { int: 0 } }, `${layer.name}/sequence_lens`);
}
