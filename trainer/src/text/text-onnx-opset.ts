
/** The ONNX opset a text model is exported at: the transformer's LayerNormalization is one op from opset 17 (onnxruntime-web runs it). */
export function textOnnxOpset(architecture: TextArchitecture | string): number {
  return architecture === 'transformer' ? 17 : 13;
}import { type TextArchitecture } from '@edgeml/shared';

