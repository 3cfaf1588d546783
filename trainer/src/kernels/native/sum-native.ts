import { tf } from '../../tf.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { wasmHeap } from './wasm-heap.ts';

const product = (dims: number[]) => dims.reduce((p, d) => p * d, 1);

/**
 * Sum (or Mean) over one run of adjacent axes: leading (a bias's gradient: every axis but the
 * channels), trailing, or in the middle (a mean over a text's positions). The wasm backend transposes
 * the whole tensor first when the axes are not innermost.
 */
export function sumNative(native: NativeKernels, mean = false): NativeKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    if (x.dtype !== 'float32' || x.shape.length === 0 || product(x.shape) === 0) return undefined;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const rank = x.shape.length;
    if (axes.length === 0 || axes.some((a, i) => a !== axes[0]! + i)) return undefined;
    const [first, end] = [axes[0]!, axes.at(-1)! + 1];
    const [outer, reduce, inner] = [product(x.shape.slice(0, first)), product(x.shape.slice(first, end)), product(x.shape.slice(end))];
    const outShape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const heap = wasmHeap(backend);
    const out = heap.makeOutput(outShape, 'float32');
    const [source, target] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out)];
    if (!mean && first === 0) native.sum(source, target, Int32Array.from([reduce, inner, 1]));
    else if (!mean && end === rank) native.sum(source, target, Int32Array.from([outer, reduce, 0]));
    else native.sumMiddle(source, target, Int32Array.from([outer, reduce, inner]), mean ? 1 / reduce : 1);
    return out;
  };
}
