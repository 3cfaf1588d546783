import { tf } from '../tf.ts';

export type WasmKernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/** Calls one of the wasm backend's kernels directly, so intermediates never reach the engine. */
export function runWasmKernel(kernelName: string, args: WasmKernelArgs): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`wasm backend has no ${kernelName} kernel`);
  return kernel.kernelFunc(args) as tf.TensorInfo;
}
