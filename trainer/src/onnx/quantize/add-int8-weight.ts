import { TensorDataType } from '../onnx-proto.ts';
import type { OnnxGraphEditor } from './onnx-graph-editor.ts';
import { quantizePerChannel } from './quantize-per-channel.ts';
import type { QuantizableWeight } from './quantizable-weight.ts';

export interface Int8Weight {
  /** The int8 initializer's name. */
  quantized: string;
  /** Float scales, one per output channel. */
  scales: Float32Array;
  dims: number[];
  axis: number;
  /** The float weight's name, a prefix for related values. */
  source: string;
}

/** Replaces a float weight initializer by its per-output-channel symmetric int8 form. */
export function addInt8Weight(editor: OnnxGraphEditor, weight: QuantizableWeight): Int8Weight {
  const float = editor.readFloat(weight.name)!;
  const quantized = quantizePerChannel(float.values, float.dims, weight.axis);
  editor.removeInitializer(weight.name);
  return {
    quantized: editor.addTensor(`${weight.name}/i8`, TensorDataType.INT8, float.dims, quantized.values),
    scales: quantized.scales,
    dims: float.dims,
    axis: weight.axis,
    source: weight.name,
  };
}

/**
 * The int8 weight through DequantizeLinear (per-axis, opset 13): a float value a node can read.
 * The zero point (all 0) is written although it is the default: onnxruntime fuses a Gemm into
 * QGemm only when its weight's DequantizeLinear has one.
 */
export function dequantizeInt8Weight(editor: OnnxGraphEditor, weight: Int8Weight): string {
  const scale = editor.addTensor(`${weight.source}/s`, TensorDataType.FLOAT, [weight.scales.length], weight.scales);
  const zeroPoint = editor.addTensor(`${weight.source}/z`, TensorDataType.INT8, [weight.scales.length], new Int8Array(weight.scales.length));
  return editor.emit('DequantizeLinear', [weight.quantized, scale, zeroPoint], {
    prefix: `${weight.source}/dq`,
    attributes: { axis: { int: weight.axis } },
  })[0]!;
}
