import { tf } from '../../tf.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

const product = (dims: number[]) => dims.reduce((p, d) => p * d, 1);

/**
 * Sum over leading axes (a bias's gradient: every axis but the channels) or trailing axes. The
 * wasm backend transposes the whole tensor first when the axes are not innermost.
 */
export function sumNative(native: NativeKernels): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    if (x.dtype !== 'float32' || x.shape.length === 0 || product(x.shape) === 0) return undefined;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const rank = x.shape.length;
    const leading = axes.every((a, i) => a === i);
    const trailing = axes.every((a, i) => a === rank - axes.length + i);
    if (axes.length === 0 || (!leading && !trailing)) return undefined;
    const split = leading ? axes.length : rank - axes.length;
    const rows = product(x.shape.slice(0, split));
    const cols = product(x.shape.slice(split));
    const outShape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const heap = wasmHeap(backend);
    const out = heap.makeOutput(outShape, 'float32');
    native.sum(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out), Int32Array.from([rows, cols, leading ? 1 : 0]));
    return out;
  };
}
