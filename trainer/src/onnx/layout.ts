/** Moves values between the tfjs axis order and NCHW, inserting Transpose nodes only when needed. */
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import type { OnnxValue } from './layer-conversion.ts';

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

/** The name of `value` laid out NCHW (it must be rank 4). */
export function toNchw(graph: OnnxGraphBuilder, value: OnnxValue): string {
  if (value.layout === 'nchw') return value.name;
  if (value.shape.length !== 4) throw new RangeError(`expected a rank-4 value, "${value.name}" has rank ${value.shape.length}`);
  return graph.addOp('Transpose', [value.name], { perm: { ints: NHWC_TO_NCHW } }, `${value.name}/nchw`);
}

/** The name of `value` in tfjs axis order. */
export function toTfjsLayout(graph: OnnxGraphBuilder, value: OnnxValue): string {
  if (value.layout === 'tfjs') return value.name;
  return graph.addOp('Transpose', [value.name], { perm: { ints: NCHW_TO_NHWC } }, `${value.name}/nhwc`);
}

/** The ONNX axis of tfjs axis `axis` (negative counts from the end) for a value in `layout`. */
export function onnxAxis(value: Pick<OnnxValue, 'layout' | 'shape'>, axis: number): number {
  const rank = value.shape.length;
  const positive = axis < 0 ? axis + rank : axis;
  if (positive < 0 || positive >= rank) throw new RangeError(`axis ${axis} is out of range for rank ${rank}`);
  return value.layout === 'nchw' ? NHWC_TO_NCHW.indexOf(positive) : positive;
}
