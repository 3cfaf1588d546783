import { tf } from '../../tf.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

type Shape4 = [number, number, number, number];
const product = (dims: number[]) => dims.reduce((p, d) => p * d, 1);

/** MaxPoolGrad (NHWC): the gradient goes to each window's first maximum, as on the cpu backend. */
export function maxPoolGradNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    if (input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4 || product(input.shape) === 0) return undefined;
    const info = tf.backend_util.computePool2DInfo(input.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
    const heap = wasmHeap(backend);
    const out = heap.makeOutput(input.shape, 'float32');
    const geom = Int32Array.from([
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    ]);
    native.maxPoolGrad(heap.typedArrayFromHeap(input), heap.typedArrayFromHeap(dy), heap.typedArrayFromHeap(out), geom);
    return out;
  };
}
