import { TensorDataType, type OnnxModel, type OnnxNode } from '../onnx-proto.ts';
import { addInt8Weight } from './add-int8-weight.ts';
import { OnnxGraphEditor } from './onnx-graph-editor.ts';
import { quantizableWeight, type QuantizableWeight } from './quantizable-weight.ts';

/**
 * Integer compute with activations quantized at run time, as onnxruntime's `quantize_dynamic`
 * writes it: DynamicQuantizeLinear (uint8) → ConvInteger / MatMulInteger with the int8 weight →
 * Cast → Mul by x_scale·w_scale (per channel) → Add bias. onnxruntime's CPU kernels take uint8
 * activations with int8 weights for both ops.
 */
export function quantizeDynamic(model: OnnxModel): OnnxModel {
  const editor = new OnnxGraphEditor(model);
  for (const node of editor.sourceNodes) {
    const weight = quantizableWeight(editor, node);
    if (weight) emitIntegerNode(editor, node, weight);
    else editor.keep(node);
  }
  return editor.toModel();
}

function emitIntegerNode(editor: OnnxGraphEditor, node: OnnxNode, weight: QuantizableWeight): void {
  const prefix = node.outputs[0]!;
  const int8 = addInt8Weight(editor, weight);
  const isConv = node.opType === 'Conv';
  const channels = int8.dims[int8.axis]!;
  // Per-channel factors broadcast against [N, C, H, W] for Conv and [N, C] for Gemm.
  const channelDims = isConv ? [channels, 1, 1] : [channels];
  const [x, xScale, xZeroPoint] = ['quantized', 'scale', 'zero_point'].map((s) => editor.uniqueName(`${prefix}/input_${s}`)) as [string, string, string];
  editor.emit('DynamicQuantizeLinear', [node.inputs[0]!], { outputs: [x, xScale, xZeroPoint] });
  const accumulator = isConv
    ? editor.emit('ConvInteger', [x, int8.quantized, xZeroPoint], { prefix: `${prefix}/int32`, attributes: node.attributes })[0]!
    : editor.emit('MatMulInteger', [x, int8.quantized, xZeroPoint], { prefix: `${prefix}/int32` })[0]!;
  const float = editor.emit('Cast', [accumulator], { prefix: `${prefix}/float`, attributes: { to: { int: TensorDataType.FLOAT } } })[0]!;
  const weightScale = editor.addTensor(`${weight.name}/channel_scale`, TensorDataType.FLOAT, channelDims, int8.scales);
  const scale = editor.emit('Mul', [xScale, weightScale], { prefix: `${prefix}/scale` })[0]!;
  const output = node.outputs[0]!;
  if (!weight.bias) {
    editor.emit('Mul', [float, scale], { outputs: [output] });
    return;
  }
  const scaled = editor.emit('Mul', [float, scale], { prefix: `${prefix}/scaled` })[0]!;
  const bias = editor.readFloat(weight.bias)!;
  editor.removeInitializer(weight.bias);
  const channelBias = editor.addTensor(`${weight.bias}/channel`, TensorDataType.FLOAT, channelDims, bias.values);
  editor.emit('Add', [scaled, channelBias], { outputs: [output] });
}
