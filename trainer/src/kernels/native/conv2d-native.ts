import { tf } from '../../tf.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

type TensorInfo = tf.TensorInfo;
type Shape4 = [number, number, number, number];

/** The addon's geometry array for one NHWC convolution. */
function geometry(info: tf.backend_util.Conv2DInfo): Int32Array {
  return Int32Array.from([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth, info.outChannels, info.outHeight, info.outWidth,
    info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    info.dilationHeight, info.dilationWidth,
  ]);
}

const isNhwc = (dataFormat: string | undefined) => dataFormat === undefined || dataFormat === 'NHWC';
const allFloat = (...infos: TensorInfo[]) => infos.every((t) => t.dtype === 'float32' && t.shape.every((d) => d > 0));

/** Conv2D and FusedConv2D (bias and linear or relu activation; other activations go to wasm). */
export function conv2DNative(native: NativeKernels, fused: boolean): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, filter, bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
    const a = attrs as unknown as tf.FusedConv2DAttrs;
    const activation = fused ? (a.activation ?? 'linear') : 'linear';
    if (!x || !filter || x.shape.length !== 4 || !isNhwc(a.dataFormat) || preluActivationWeights) return undefined;
    if (activation !== 'linear' && activation !== 'relu') return undefined;
    if (!allFloat(x, filter) || (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1))) return undefined;
    const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode);
    if (bias && bias.shape[0] !== info.outChannels) return undefined;
    const heap = wasmHeap(backend);
    const out = heap.makeOutput(info.outShape, 'float32');
    // Views taken after makeOutput: its allocation may grow the heap and detach earlier views.
    const biasView = bias ? heap.typedArrayFromHeap(bias) : null;
    native.conv2dForward(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(filter), biasView, heap.typedArrayFromHeap(out), geometry(info), activation === 'relu');
    return out;
  };
}

export function conv2DBackpropInputNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (!isNhwc(a.dataFormat) || dy.shape.length !== 4 || !allFloat(dy, filter)) return undefined;
    const info = tf.backend_util.computeConv2DInfo(a.inputShape as Shape4, filter.shape as Shape4, a.strides, 1, a.pad, a.dimRoundingMode);
    const heap = wasmHeap(backend);
    const out = heap.makeOutput(info.inShape, 'float32');
    native.conv2dBackpropInput(heap.typedArrayFromHeap(dy), heap.typedArrayFromHeap(filter), heap.typedArrayFromHeap(out), geometry(info));
    return out;
  };
}

export function conv2DBackpropFilterNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (!isNhwc(a.dataFormat) || x.shape.length !== 4 || !allFloat(x, dy)) return undefined;
    const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, a.filterShape as Shape4, a.strides, 1, a.pad, a.dimRoundingMode);
    const heap = wasmHeap(backend);
    const out = heap.makeOutput(info.filterShape, 'float32');
    native.conv2dBackpropFilter(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(dy), heap.typedArrayFromHeap(out), geometry(info));
    return out;
  };
}
