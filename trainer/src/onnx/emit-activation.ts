/** Appends the ONNX nodes for a tfjs activation (`'relu'`, `'softmax'`, ...) to a value. */
import type { ConvertedValue, OnnxValue, TfLayer } from './layer-conversion.ts';
import { onnxAxis } from './layout.ts';
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { unsupportedLayerError } from './unsupported-layer-error.ts';

type ActivationEmitter = (graph: OnnxGraphBuilder, value: OnnxValue, prefix: string) => string;

const unary =
  (opType: string): ActivationEmitter =>
  (graph, value, prefix) =>
    graph.addOp(opType, [value.name], undefined, `${prefix}/${opType.toLowerCase()}`);

/** Opset 11+ Clip takes its bounds as (scalar) inputs. */
export function emitClip(graph: OnnxGraphBuilder, input: string, min: number, max: number, prefix: string): string {
  const low = graph.addFloatInitializer(`${prefix}/clip_min`, [], [min]);
  const high = graph.addFloatInitializer(`${prefix}/clip_max`, [], [max]);
  return graph.addOp('Clip', [input, low, high], undefined, `${prefix}/clip`);
}

const ACTIVATIONS: Record<string, ActivationEmitter> = {
  linear: (_graph, value) => value.name,
  relu: unary('Relu'),
  relu6: (graph, value, prefix) => emitClip(graph, value.name, 0, 6, prefix),
  elu: (graph, value, prefix) => graph.addOp('Elu', [value.name], { alpha: { float: 1 } }, `${prefix}/elu`),
  // ONNX's Selu defaults are tfjs's SELU constants rounded to float32.
  selu: unary('Selu'),
  sigmoid: unary('Sigmoid'),
  // tfjs: clip(0.2 x + 0.5, 0, 1), ONNX HardSigmoid's defaults.
  hardSigmoid: (graph, value, prefix) =>
    graph.addOp('HardSigmoid', [value.name], { alpha: { float: 0.2 }, beta: { float: 0.5 } }, `${prefix}/hardsigmoid`),
  tanh: unary('Tanh'),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  // tfjs's softmax activations work on the last axis.
  softmax: (graph, value, prefix) => graph.addOp('Softmax', [value.name], { axis: { int: onnxAxis(value, -1) } }, `${prefix}/softmax`),
  logSoftmax: (graph, value, prefix) => graph.addOp('LogSoftmax', [value.name], { axis: { int: onnxAxis(value, -1) } }, `${prefix}/logsoftmax`),
  swish: (graph, value, prefix) => {
    const sigmoid = graph.addOp('Sigmoid', [value.name], undefined, `${prefix}/sigmoid`);
    return graph.addOp('Mul', [value.name, sigmoid], undefined, `${prefix}/swish`);
  },
  mish: (graph, value, prefix) => {
    const softplus = graph.addOp('Softplus', [value.name], undefined, `${prefix}/softplus`);
    const tanh = graph.addOp('Tanh', [softplus], undefined, `${prefix}/tanh`);
    return graph.addOp('Mul', [value.name, tanh], undefined, `${prefix}/mish`);
  },
};

export const SUPPORTED_ACTIVATIONS = Object.keys(ACTIVATIONS);

/** `value` through `activation` (a tfjs identifier; `null`/`undefined` mean linear). */
export function emitActivation(graph: OnnxGraphBuilder, layer: TfLayer, activation: unknown, value: OnnxValue): ConvertedValue {
  const identifier = activation == null ? 'linear' : activation;
  const emit = typeof identifier === 'string' ? ACTIVATIONS[identifier] : undefined;
  if (!emit) {
    const supported = SUPPORTED_ACTIVATIONS.join(', ');
    throw unsupportedLayerError(layer, `has activation ${JSON.stringify(identifier)}, which the ONNX exporter does not support; supported: ${supported}`);
  }
  return { name: emit(graph, value, layer.name), layout: value.layout };
}
