import { tf } from '../../tf.ts';
import type { WasmKernelArgs } from '../run-wasm-kernel.ts';
import type { NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

const FORWARD = 'EdgemlLstmSequence';
const BACKWARD = 'EdgemlLstmSequenceGrad';

let registered = false;

/**
 * A whole LSTM sequence as one kernel of the wasm backend, run by the native addon (trainer/native/lstm.h),
 * with its gradient as a second one: inputs x [batch, steps, features], kernel, recurrentKernel, bias and
 * mask [batch, steps] (1 token, 0 padding); outputs the last h [batch, units] and the saved states the
 * gradient reads. tfjs's own LSTM runs ~90 kernels per time step of a training step.
 */
export function registerLstmSequenceNative(native: NativeKernels): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({ kernelName: FORWARD, backendName: 'wasm', kernelFunc: forward(native) as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: BACKWARD, backendName: 'wasm', kernelFunc: backward(native) as unknown as tf.KernelFunc });
  tf.registerGradient({
    kernelName: FORWARD,
    inputsToSave: ['x', 'kernel', 'recurrentKernel', 'mask'],
    outputsToSave: [false, true],
    gradFunc: (dy, saved) => {
      const [x, kernel, recurrentKernel, mask, states] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const dh = (dy as tf.Tensor[])[0]!;
      const [dx, dKernel, dRecurrent, dBias] = tf.engine().runKernel(BACKWARD, { x, kernel, recurrentKernel, mask, states, dh }, {}) as tf.Tensor[];
      return { x: () => dx!, kernel: () => dKernel!, recurrentKernel: () => dRecurrent!, bias: () => dBias!, mask: () => tf.zerosLike(mask) };
    },
  });
}

/**
 * The last h of an LSTM over x (sigmoid gates, tanh cell: tfjs's gate order i, f, c̃, o), or undefined
 * where the native sequence kernel does not run (another backend, native kernels off or not built).
 */
export function lstmSequenceNative(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D, mask: tf.Tensor2D, enabled: boolean): tf.Tensor2D | undefined {
  if (!registered || !enabled || tf.getBackend() !== 'wasm') return undefined;
  const [hLast] = tf.engine().runKernel(FORWARD, { x, kernel, recurrentKernel, bias, mask }, {}) as tf.Tensor[];
  return hLast as tf.Tensor2D;
}

const sizes = (x: tf.TensorInfo, kernel: tf.TensorInfo) => Int32Array.from([x.shape[0]!, x.shape[1]!, x.shape[2]!, kernel.shape[1]! / 4]);

function forward(native: NativeKernels) {
  return ({ inputs, backend }: WasmKernelArgs): tf.TensorInfo[] => {
    const { x, kernel, recurrentKernel, bias, mask } = inputs as Record<string, tf.TensorInfo>;
    const [batch, steps] = x!.shape as [number, number];
    const units = kernel!.shape[1]! / 4;
    const heap = wasmHeap(backend);
    const hLast = heap.makeOutput([batch, units], 'float32');
    const states = heap.makeOutput([batch, steps, 6 * units], 'float32');
    // Views taken after every makeOutput: an allocation may grow the heap and detach earlier views.
    const view = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t);
    native.lstmForward(view(x!), view(kernel!), view(recurrentKernel!), view(bias!), view(mask!), view(hLast), view(states), sizes(x!, kernel!));
    return [hLast, states];
  };
}

function backward(native: NativeKernels) {
  return ({ inputs, backend }: WasmKernelArgs): tf.TensorInfo[] => {
    const { x, kernel, recurrentKernel, mask, states, dh } = inputs as Record<string, tf.TensorInfo>;
    const heap = wasmHeap(backend);
    const outputs = [x!, kernel!, recurrentKernel!].map((t) => heap.makeOutput(t.shape, 'float32'));
    const dBias = heap.makeOutput([kernel!.shape[1]!], 'float32');
    const view = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t);
    const [dx, dKernel, dRecurrent] = outputs.map(view) as [Float32Array, Float32Array, Float32Array];
    native.lstmBackward(view(x!), view(kernel!), view(recurrentKernel!), view(mask!), view(states!), view(dh!), dx, dKernel, dRecurrent, view(dBias), sizes(x!, kernel!));
    return [...outputs, dBias];
  };
}
