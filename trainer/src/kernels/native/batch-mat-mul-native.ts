import { tf } from '../../tf.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

const product = (dims: number[]) => dims.reduce((p, d) => p * d, 1);

/**
 * BatchMatMul with either operand transposed (packing makes transposes free). Batch dimensions
 * broadcast when one side has a single batch; other broadcasts go to the wasm kernel.
 */
export function batchMatMulNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
    const [aRows, aCols] = a.shape.slice(-2) as [number, number];
    const [bRows, bCols] = b.shape.slice(-2) as [number, number];
    const [M, K] = transposeA ? [aCols, aRows] : [aRows, aCols];
    const [K2, N] = transposeB ? [bCols, bRows] : [bRows, bCols];
    if (K !== K2 || M === 0 || N === 0 || K === 0) return undefined;
    const aBatchShape = a.shape.slice(0, -2);
    const bBatchShape = b.shape.slice(0, -2);
    let batchShape: number[];
    try {
      batchShape = tf.broadcast_util.assertAndGetBroadcastShape(aBatchShape, bBatchShape);
    } catch {
      return undefined;
    }
    const batch = product(batchShape);
    const aBatch = product(aBatchShape);
    const bBatch = product(bBatchShape);
    if ((aBatch !== batch && aBatch !== 1) || (bBatch !== batch && bBatch !== 1) || batch === 0) return undefined;
    const heap = wasmHeap(backend);
    const out = heap.makeOutput([...batchShape, M, N], 'float32');
    const params = Int32Array.from([batch, M, N, K, transposeA ? 1 : 0, transposeB ? 1 : 0, aBatch === 1 && batch > 1 ? 1 : 0, bBatch === 1 && batch > 1 ? 1 : 0]);
    native.batchMatMul(heap.typedArrayFromHeap(a), heap.typedArrayFromHeap(b), heap.typedArrayFromHeap(out), params);
    return out;
  };
}
