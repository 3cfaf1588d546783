/**
 * Exports a tfjs LayersModel (Sequential, or a single-input single-output functional chain) to
 * ONNX (opset 13 by default). The ONNX input is NHWC like tfjs; convolutions and pooling run
 * NCHW behind a Transpose, and values go back to tfjs order before Flatten and at the output.
 */
import { TrainerError } from '../errors.ts';
import type { LayersModel } from '../tf.ts';
import type { OnnxValue, TfLayer } from './layer-conversion.ts';
import { LAYER_CONVERTERS, SUPPORTED_LAYER_CLASSES } from './layer-converters.ts';
import { toTfjsLayout } from './layout.ts';
import { DEFAULT_OPSET, OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { encodeOnnxModel, type OnnxDim, type OnnxModel } from './onnx-proto.ts';
import { unsupportedLayerError } from './unsupported-layer-error.ts';

/** Opsets whose definitions of every op the exporter emits match opset 13 and fit IR version 8. */
export const SUPPORTED_OPSETS = [13, 14, 15, 16, 17] as const;

export interface ExportOnnxOptions {
  /** Graph input name (default `input`). */
  inputName?: string;
  /** Graph output name (default `probabilities` when the model ends in softmax, else `logits`). */
  outputName?: string;
  /** Default 13. */
  opset?: number;
  /** Rewrites the finished model before it is encoded (the int8 passes in `quantize/` plug in here). */
  rewrite?: (model: OnnxModel) => OnnxModel;
}

export interface ExportedOnnx {
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  outputKind: 'probabilities' | 'logits';
  /** The tfjs input shape, NHWC for images, -1 for the batch and any other unknown size. */
  inputShape: number[];
}

export function exportOnnx(model: LayersModel, options: ExportOnnxOptions = {}): ExportedOnnx {
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!(SUPPORTED_OPSETS as readonly number[]).includes(opset)) {
    throw new TrainerError('invalid_argument', `opset ${opset} is not supported by the ONNX exporter; use ${SUPPORTED_OPSETS.join(', ')}`);
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    const counts = `${model.inputs.length} inputs and ${model.outputs.length} outputs`;
    throw new TrainerError('unsupported_layer', `model "${model.name}" has ${counts}; the ONNX exporter supports one of each`);
  }
  const [modelInput, modelOutput] = [model.inputs[0]!, model.outputs[0]!];
  if (modelInput.dtype !== 'float32') {
    throw unsupportedLayerError(modelInput.sourceLayer, `takes ${modelInput.dtype} input; the ONNX exporter supports float32 inputs`);
  }
  const inputName = options.inputName ?? 'input';
  const rewrite = options.rewrite ?? ((built: OnnxModel) => built);
  const graph = new OnnxGraphBuilder(model.name);
  graph.addInput(inputName, onnxDims(modelInput.shape));
  const values = new Map<string, OnnxValue>([[modelInput.sourceLayer.name, { name: inputName, layout: 'tfjs', shape: modelInput.shape }]]);

  for (const layer of model.layers) {
    if (values.has(layer.name)) continue;
    const className = layer.getClassName();
    const convert = LAYER_CONVERTERS[className];
    if (!convert) throw unsupportedLayerError(layer, `is not supported by the ONNX exporter; supported: ${SUPPORTED_LAYER_CLASSES.join(', ')}`);
    const input = values.get(singleInboundLayer(layer).name);
    if (!input) throw unsupportedLayerError(layer, 'is not on the chain from the model input; the ONNX exporter supports single-input chains');
    const outputShape = layer.outputShape as (number | null)[];
    const converted = convert({ graph, layer, config: layer.getConfig() as Record<string, unknown>, input, outputShape, opset });
    values.set(layer.name, { ...converted, shape: outputShape });
  }

  const final = values.get(modelOutput.sourceLayer.name);
  if (!final) throw new TrainerError('internal', `model output layer "${modelOutput.sourceLayer.name}" was not converted`);
  const outputKind = graph.producerOf(final.name)?.opType === 'Softmax' ? 'probabilities' : 'logits';
  const outputName = options.outputName ?? outputKind;
  if (outputName === inputName) throw new TrainerError('invalid_argument', `ONNX input and output names must differ, both are "${outputName}"`);
  const result = toTfjsLayout(graph, final);
  if (!graph.renameValue(result, outputName)) graph.addNode('Identity', [result], { outputs: [outputName] });
  graph.addOutput(outputName, onnxDims(modelOutput.shape));

  return {
    bytes: encodeOnnxModel(rewrite(graph.toModel({ opset, docString: `Exported from the tfjs model "${model.name}".` }))),
    inputName,
    outputName,
    outputKind,
    inputShape: modelInput.shape.map((size) => size ?? -1),
  };
}

/** The one layer feeding `layer`; shared layers and merges are beyond a chain. */
function singleInboundLayer(layer: TfLayer): TfLayer {
  const nodes = layer.inboundNodes;
  const inbound = nodes.length === 1 ? nodes[0]!.inboundLayers : [];
  if (inbound.length !== 1) {
    const reason = `has ${nodes.length} call(s) and ${inbound.length} input layer(s); the ONNX exporter supports layers called once on one input`;
    throw unsupportedLayerError(layer, reason);
  }
  return inbound[0]!;
}

/** A tfjs shape as ONNX dims: the batch is the symbolic `batch`, other unknown sizes `dim_<axis>`. */
function onnxDims(shape: readonly (number | null)[]): OnnxDim[] {
  return shape.map((size, axis) => (axis === 0 ? 'batch' : (size ?? `dim_${axis}`)));
}
