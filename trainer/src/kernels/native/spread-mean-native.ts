import type { tf } from '../../tf.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

/** dy [outer, inner] → [outer, steps, inner] with every position dy/steps: a mean's gradient over the middle axis. */
export const SPREAD_MEAN = 'EdgemlSpreadMean';

export interface SpreadMeanAttrs {
  steps: number;
}

/**
 * The gradient of a mean over a text's positions in one pass (trainer/native/reductions.h); tfjs's builds a
 * tensor of ones in JS, then a broadcast product and a division, each the size of the embedded batch.
 */
export function spreadMeanNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy } = inputs as { dy: tf.TensorInfo };
    const { steps } = attrs as unknown as SpreadMeanAttrs;
    if (dy.dtype !== 'float32' || dy.shape.length !== 2) return undefined;
    const [outer, inner] = dy.shape as [number, number];
    const heap = wasmHeap(backend);
    const out = heap.makeOutput([outer, steps, inner], 'float32');
    native.spreadMiddle(heap.typedArrayFromHeap(dy), heap.typedArrayFromHeap(out), Int32Array.from([outer, steps, inner]), 1 / steps);
    return out;
  };
}
