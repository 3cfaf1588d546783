import type { tf } from '../../tf.ts';
import type { WasmKernelArgs } from '../run-wasm-kernel.ts';

/** A native kernel body: the output, or undefined when these arguments are not ones it handles. */
export type NativeKernelFunc = (args: WasmKernelArgs) => tf.TensorInfo | tf.TensorInfo[] | undefined;

/**
 * The functions of the native addon (trainer/native/edgeml-kernels.cc). Each reads Float32Array
 * views in place and writes its output view; sizes travel as an Int32Array, which the addon checks
 * against every view's length before touching memory.
 */
export interface NativeKernels {
  /** geom: [n, h, w, ci, kh, kw, co, oh, ow, sh, sw, padTop, padLeft, dilationH, dilationW] */
  conv2dForward(x: Float32Array, filter: Float32Array, bias: Float32Array | null, y: Float32Array, geom: Int32Array, relu: boolean): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geom: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geom: Int32Array): void;
  /** params: [batch, M, N, K, transposeA, transposeB, a broadcast (one batch), b broadcast] */
  batchMatMul(a: Float32Array, b: Float32Array, out: Float32Array, params: Int32Array): void;
  /** params: [rows, cols, leading]: leading sums over rows (out: cols), else over each row's columns (out: rows). */
  sum(x: Float32Array, out: Float32Array, params: Int32Array): void;
  /** params: [outer, reduce, inner]; out[o, c] = scale·Σ_r x[o, r, c] (scale 1/reduce: a mean). */
  sumMiddle(x: Float32Array, out: Float32Array, params: Int32Array, scale: number): void;
  /** params: [outer, reduce, inner]; out[o, r, c] = scale·x[o, c] (sumMiddle's adjoint: a mean's gradient). */
  spreadMiddle(x: Float32Array, out: Float32Array, params: Int32Array, scale: number): void;
  /** geom: [n, h, w, c, oh, ow, filterH, filterW, strideH, strideW, padTop, padLeft] */
  maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, geom: Int32Array): void;
  /** sizes: [batch, steps, features, units]; saved: [batch, steps, 6·units] for lstmBackward. */
  lstmForward(x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, mask: Float32Array, hLast: Float32Array, saved: Float32Array, sizes: Int32Array): void;
  lstmBackward(
    x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, mask: Float32Array, saved: Float32Array, dhLast: Float32Array,
    dx: Float32Array, dKernel: Float32Array, dRecurrentKernel: Float32Array, dBias: Float32Array, sizes: Int32Array,
  ): void;
  /** One Adam step of a variable x (all views of x's length); step: [learningRate, β₁, β₂, ε, 1 − β₁ᵗ, 1 − β₂ᵗ]. */
  adamUpdate(x: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, newX: Float32Array, newM: Float32Array, newV: Float32Array, step: Float32Array): void;
  /** sizes: [rows, rowSize, count]; out[i] = table[ids[i]]. Returns the first i whose id is outside the table (nothing written), or -1. */
  gatherRows(table: Float32Array, ids: Int32Array, out: Float32Array, sizes: Int32Array): number;
  /** sizes: [segments, rowSize, count]; out = 0, then out[ids[i]] += values[i]; ids outside [0, segments) are dropped. */
  scatterAddRows(values: Float32Array, ids: Int32Array, out: Float32Array, sizes: Int32Array): void;
  info(): { simd: string; threads: number };
}
