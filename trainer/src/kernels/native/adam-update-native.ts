import type { tf } from '../../tf.ts';
import type { AdamUpdateAttrs } from '../fused-adam.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

/** FusedAdam's update of one variable by the addon (trainer/native/adam.h): vectorised, on the pool's threads. */
export function adamUpdateNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { value, m, v, gradient } = inputs as Record<string, tf.TensorInfo>;
    if ([value, m, v, gradient].some((t) => t!.dtype !== 'float32')) return undefined;
    const a = attrs as unknown as AdamUpdateAttrs;
    const heap = wasmHeap(backend);
    const outputs = [value!, m!, v!].map((t) => heap.makeOutput(t.shape, 'float32'));
    // Views taken after every makeOutput: an allocation may grow the heap and detach earlier views.
    const [x, m0, v0, g, newX, newM, newV] = [value!, m!, v!, gradient!, ...outputs].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
    native.adamUpdate(x!, m0!, v0!, g!, newX!, newM!, newV!, Float32Array.from([a.learningRate, a.beta1, a.beta2, a.epsilon, a.correction1, a.correction2]));
    return outputs;
  };
}
