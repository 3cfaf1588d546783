import type { tf } from '../../tf.ts';

/** The parts of tfjs-backend-wasm's BackendWasm that the native kernels use. */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  /** A view of a tensor's bytes on the wasm heap: no copy, unlike `readSync`. */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** The wasm backend seen as its heap (the kernels are registered for that backend only). */
export function wasmHeap(backend: unknown): WasmHeap {
  return backend as WasmHeap;
}
