import { tf } from '../../tf.ts';
import { gatherIndexError } from '../gather-v2-wasm.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

const product = (dims: number[]) => dims.reduce((p, d) => p * d, 1);

/** An embedding lookup (GatherV2 on axis 0 of a float table, int32 ids) as row copies (trainer/native/embedding.h). */
export function gatherV2Native(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
    if (x.dtype !== 'float32' || indices.dtype !== 'int32' || batchDims !== 0 || x.shape.length === 0 || tf.util.parseAxisParam(axis, x.shape)[0] !== 0) return undefined;
    const [rows, rowSize, count] = [x.shape[0]!, product(x.shape.slice(1)), product(indices.shape)];
    const heap = wasmHeap(backend);
    const out = heap.makeOutput([...indices.shape, ...x.shape.slice(1)], 'float32');
    const ids = heap.typedArrayFromHeap(indices) as unknown as Int32Array;
    const bad = native.gatherRows(heap.typedArrayFromHeap(x), ids, heap.typedArrayFromHeap(out), Int32Array.from([rows, rowSize, count]));
    if (bad >= 0) {
      backend.disposeData(out.dataId);
      throw gatherIndexError(ids[bad]!, rows);
    }
    return out;
  };
}

/** Embedding's gradient (UnsortedSegmentSum of float rows by int32 ids) as one scatter-add pass. */
export function unsortedSegmentSumNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    if (x.dtype !== 'float32' || segmentIds.dtype !== 'int32') return undefined;
    const rowShape = x.shape.slice(segmentIds.shape.length);
    const heap = wasmHeap(backend);
    const out = heap.makeOutput([numSegments, ...rowShape], 'float32');
    const ids = heap.typedArrayFromHeap(segmentIds) as unknown as Int32Array;
    native.scatterAddRows(heap.typedArrayFromHeap(x), ids, heap.typedArrayFromHeap(out), Int32Array.from([numSegments, product(rowShape), product(segmentIds.shape)]));
    return out;
  };
}
