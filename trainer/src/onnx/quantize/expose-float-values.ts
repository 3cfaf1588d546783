import type { OnnxModel } from '../onnx-proto.ts';
import { TensorDataType } from '../onnx-proto.ts';

/**
 * The model with every node output also declared as a graph output, so a calibration run sees
 * each intermediate activation. The exporter's graphs compute float32 throughout.
 */
export function exposeFloatValues(model: OnnxModel): OnnxModel {
  const declared = new Set(model.graph.outputs.map((output) => output.name));
  const extra = model.graph.nodes
    .flatMap((node) => node.outputs)
    .filter((name) => !declared.has(name))
    .map((name) => ({ name, elemType: TensorDataType.FLOAT }));
  return { ...model, graph: { ...model.graph, outputs: [...model.graph.outputs, ...extra] } };
}
