import { tf } from '../tf.ts';
import { runWasmKernel, type WasmKernelArgs } from './run-wasm-kernel.ts';

/**
 * The wasm backend's BatchMatMul is fast (XNNPACK-style packed GEMM) only when neither operand is
 * transposed; with `transposeA` or `transposeB`, which every dense layer's gradient asks for
 * (dW = xᵀ·dy, dx = dy·Wᵀ), it is about 12× slower here than transposing first. This wrapper
 * materialises the transposes with the backend's Transpose kernel and calls the builtin untransposed.
 */
export function createBatchMatMulWasmConfig(builtin: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: WasmKernelArgs): tf.TensorInfo => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return builtin.kernelFunc(args) as tf.TensorInfo;
    const { backend } = args;
    const temps: tf.TensorInfo[] = [];
    const swapLastTwo = (t: tf.TensorInfo): tf.TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      perm.splice(-2, 2, perm.length - 1, perm.length - 2);
      const swapped = runWasmKernel('Transpose', { inputs: { x: t }, backend, attrs: { perm } });
      temps.push(swapped);
      return swapped;
    };
    try {
      return builtin.kernelFunc({
        inputs: { a: transposeA ? swapLastTwo(a) : a, b: transposeB ? swapLastTwo(b) : b },
        backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      }) as tf.TensorInfo;
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  return {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    // The builtin's setup binds its C++ function, which every call here ends in.
    setupFunc: builtin.setupFunc,
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  };
}
