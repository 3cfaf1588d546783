import { TrainerError } from '../../errors.ts';
import { TensorDataType, type OnnxModel, type OnnxNode } from '../onnx-proto.ts';
import { uint8Parameters, type ActivationRange } from './activation-range.ts';
import { addInt8Weight, dequantizeInt8Weight } from './add-int8-weight.ts';
import { OnnxGraphEditor } from './onnx-graph-editor.ts';
import { quantizableWeight } from './quantizable-weight.ts';

/** Pools whose uint8 output shares its input's scale and zero point: onnxruntime runs them on uint8 between DQ and Q. */
const POOL_OPS = new Set(['MaxPool']);
/** Ops that only move values: they run on the uint8 values themselves, before the DequantizeLinear. */
const LAYOUT_OPS = new Set(['Transpose', 'Flatten', 'Reshape']);

interface QuantizationParameters {
  scale: string;
  zeroPoint: string;
  scaleValue: number;
}

/** A value's uint8 form: the name holding it and its parameters. */
interface Uint8Value {
  name: string;
  parameters: QuantizationParameters;
}

/**
 * Static QDQ in onnxruntime's format: uint8 QuantizeLinear → DequantizeLinear pairs (scales from
 * calibration) on the activations around every Conv and Gemm, int8 per-channel weights and int32
 * biases through DequantizeLinear. onnxruntime's graph optimiser fuses each group into integer
 * kernels (QLinearConv, QGemm), drops a Relu whose following Q clamps at zero and runs MaxPool on
 * uint8 between them; Transpose and Flatten run on the uint8 values directly. `ranges` holds every
 * float value's calibrated range by name (see `calibrateActivations`).
 *
 * A DequantizeLinear is written only where a node reads the float value, so layout ops between
 * two quantized layers add no Q/DQ pair: on a model as small as ours each node costs ~1% of the bytes.
 */
export function quantizeStatic(model: OnnxModel, ranges: ReadonlyMap<string, ActivationRange>): OnnxModel {
  const editor = new OnnxGraphEditor(model);
  const uint8 = new Map<string, Uint8Value>();
  const dequantized = new Set<string>();
  /** Outputs of the Conv and Gemm nodes being quantized that a Relu reads before the Q. */
  const awaitingRelu = new Set<string>();
  const consumers = (value: string): OnnxNode[] => editor.sourceNodes.filter((node) => node.inputs.includes(value));

  /** uint8 parameters from `value`'s range; a Relu output starts at 0, so its zero point is 0 as the Relu removal needs. */
  const calibrated = (value: string, nonNegative = false): QuantizationParameters => {
    const range = ranges.get(value);
    if (!range) throw new TrainerError('invalid_argument', `static quantization has no calibrated range for ONNX value "${value}"`);
    const { scale, zeroPoint } = uint8Parameters(nonNegative ? { min: 0, max: range.max } : range);
    return {
      scale: editor.addTensor(`${value}/s`, TensorDataType.FLOAT, [], [scale]),
      zeroPoint: editor.addTensor(`${value}/z`, TensorDataType.UINT8, [], [zeroPoint]),
      scaleValue: scale,
    };
  };
  /** Writes a QuantizeLinear of a float value just computed. */
  const quantize = (value: string, parameters: QuantizationParameters): void => {
    if (editor.isGraphOutput(value)) return;
    const name = editor.emit('QuantizeLinear', [value, parameters.scale, parameters.zeroPoint], { prefix: `${value}/q` })[0]!;
    uint8.set(value, { name, parameters });
  };
  /** Writes the DequantizeLinear of each quantized input not yet dequantized; later readers get its output. */
  const dequantizeInputs = (inputs: readonly string[]): void => {
    for (const input of inputs) {
      const value = uint8.get(input);
      if (!value || dequantized.has(input)) continue;
      const { scale, zeroPoint } = value.parameters;
      const output = editor.emit('DequantizeLinear', [value.name, scale, zeroPoint], { prefix: `${input}/dq` })[0]!;
      editor.replace(input, output);
      dequantized.add(input);
    }
  };

  for (const node of editor.sourceNodes) {
    const [input] = node.inputs;
    const output = node.outputs[0]!;
    const weight = quantizableWeight(editor, node);
    if (weight && input) {
      if (!uint8.has(input)) quantize(input, calibrated(input));
      dequantizeInputs([input]);
      const int8 = addInt8Weight(editor, weight);
      const inputs = [input, dequantizeInt8Weight(editor, int8)];
      if (weight.bias) inputs.push(dequantizedBias(editor, weight.bias, int8.scales, uint8.get(input)!.parameters.scaleValue, output));
      editor.keep(node, inputs);
      // A Relu right after keeps the float output; the Q after the Relu lets onnxruntime drop it.
      // A Gemm may end float (QGemm has a float-output form): the classifier's logits stay exact.
      const next = consumers(output);
      if (next.length === 1 && next[0]!.opType === 'Relu') awaitingRelu.add(output);
      else if (node.opType !== 'Gemm') quantize(output, calibrated(output));
      continue;
    }
    const source = input ? uint8.get(input) : undefined;
    if (LAYOUT_OPS.has(node.opType) && source && !dequantized.has(input!) && !editor.isGraphOutput(output)) {
      // The op reads the uint8 tensor and its output, under the same name, holds uint8 values.
      editor.keep(node, [source.name, ...node.inputs.slice(1).map((i) => editor.resolve(i))], false);
      uint8.set(output, { name: output, parameters: source.parameters });
      continue;
    }
    dequantizeInputs(node.inputs);
    editor.keep(node);
    if (node.opType === 'Relu' && input && awaitingRelu.has(input)) quantize(output, calibrated(output, true));
    else if (POOL_OPS.has(node.opType) && source) quantize(output, source.parameters);
  }
  return editor.toModel();
}

/** A float bias as int32 at scale x_scale·w_scale[c] (zero point 0), the form QLinearConv folds in. */
function dequantizedBias(editor: OnnxGraphEditor, bias: string, weightScales: Float32Array, inputScale: number, prefix: string): string {
  const values = editor.readFloat(bias)!.values;
  editor.removeInitializer(bias);
  const scales = weightScales.map((scale) => scale * inputScale);
  const int32 = Int32Array.from(values, (value, c) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(value / scales[c]!))));
  const channels = values.length;
  const quantized = editor.addTensor(`${bias}/i32`, TensorDataType.INT32, [channels], int32);
  const scale = editor.addTensor(`${bias}/s`, TensorDataType.FLOAT, [channels], scales);
  // No zero point: it defaults to 0.
  return editor.emit('DequantizeLinear', [quantized, scale], { prefix: `${prefix}/bias`, attributes: { axis: { int: 0 } } })[0]!;
}
