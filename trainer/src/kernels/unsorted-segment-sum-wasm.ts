import { tf } from '../tf.ts';
import type { WasmKernelArgs } from './run-wasm-kernel.ts';
import { scatterAddRows } from './scatter-add-rows.ts';

/** The parts of the wasm backend this kernel uses (tfjs-backend-wasm's BackendWasm). */
interface WasmBackendHeap {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  /** A view of a tensor's bytes on the wasm heap, typed by its dtype: no copy. */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Embedding's gradient (GatherV2's) is an UnsortedSegmentSum over the vocabulary, a kernel the
 * wasm backend does not have (tfjs-backend-wasm has no UnsortedSegmentSum), so text models could
 * not train there. A plain scatter-add, O(tokens × size), read and written in place on the heap.
 */
function unsortedSegmentSumWasm({ inputs, backend, attrs }: WasmKernelArgs): tf.TensorInfo {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  if (x.dtype !== 'float32') throw new Error(`UnsortedSegmentSum on wasm supports float32 only, got ${x.dtype}`);
  const rowShape = x.shape.slice(segmentIds.shape.length);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const wasm = backend as unknown as WasmBackendHeap;
  const out = wasm.makeOutput([numSegments, ...rowShape], 'float32');
  // Views taken after makeOutput: its allocation may grow the heap and detach earlier views.
  const values = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  const sums = wasm.typedArrayFromHeap(out);
  sums.fill(0);
  scatterAddRows(values, ids, rowSize, sums as Float32Array);
  return out;
}

export const unsortedSegmentSumWasmConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc,
};
