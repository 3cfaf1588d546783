import type { Quantization, TextTokenizer } from '@edgeml/shared';
import { exportQuantizedOnnx } from '../onnx/quantize/export-quantized-onnx.ts';
import type { OnnxGraph } from '../pipeline/build-version.ts';
import { evaluateOnnx, type OnnxEvaluation } from '../shrink/evaluate-onnx.ts';
import type { LayersModel } from '../tf.ts';
import type { TextSplit } from './text-dataset.ts';

export interface Int8TextRun {
  float: OnnxEvaluation & { bytes: number };
  int8: OnnxEvaluation & { bytes: number };
  /** Test-accuracy points int8 loses against float (negative: it gains). */
  lostPoints: number;
  /** The int8 graph; absent when int8 lost more than allowed. */
  kept?: { onnx: OnnxGraph; quantization: Quantization };
}

/**
 * The int8 variant of a trained text model through the shrink pipeline's weight-only quantizer (every
 * weight int8 per channel, the embedding table per row, read through DequantizeLinear), measured against
 * the float export on the whole test split with onnxruntime-node, and kept within `maxLostPoints`.
 */
export async function exportInt8TextRun(params: {
  model: LayersModel;
  tokenizer: TextTokenizer;
  float: OnnxGraph;
  test: TextSplit;
  opset: number;
  /** Default 0.3. */
  maxLostPoints?: number;
}): Promise<Int8TextRun> {
  const { tokenizer, float, test } = params;
  const int8 = await exportQuantizedOnnx(params.model, { mode: 'weights', opset: params.opset });
  const io = { inputName: float.inputName, outputName: float.outputName, outputKind: float.outputKind };
  const split = { images: tokenizer.encodeBatch(test.texts), labels: Uint8Array.from(test.labelIds), count: test.texts.length, imageShape: [tokenizer.maxLength] };
  const floatEval = await evaluateOnnx(float.bytes, split, io);
  const int8Eval = await evaluateOnnx(int8.bytes, split, io);
  const lostPoints = (floatEval.accuracy - int8Eval.accuracy) * 100;
  return {
    float: { ...floatEval, bytes: float.bytes.length },
    int8: { ...int8Eval, bytes: int8.bytes.length },
    lostPoints,
    ...(lostPoints <= (params.maxLostPoints ?? 0.3) ? { kept: { onnx: { ...io, bytes: int8.bytes }, quantization: int8.quantization } } : {}),
  };
}
