import type { tf } from '../tf.ts';
import type { WasmKernelArgs } from './run-wasm-kernel.ts';

/** The wasm backend's reference counting (tfjs-backend-wasm's BackendWasm.incRef). */
interface WasmRefCount {
  incRef(dataId: tf.DataId): void;
}

/**
 * Identity sharing its input's buffer, as the cpu backend's and the wasm backend's own Reshape do:
 * tensors are never written in place, so the wasm backend's copy (a memcpy of every gradient and
 * activation that tfjs clones during a training step) buys nothing.
 */
function identityWasm({ inputs, backend }: WasmKernelArgs): tf.TensorInfo {
  const { x } = inputs as { x: tf.TensorInfo };
  (backend as unknown as WasmRefCount).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityWasmConfig: tf.KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as tf.KernelFunc,
};
