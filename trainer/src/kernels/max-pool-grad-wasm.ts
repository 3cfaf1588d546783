import { tf } from '../tf.ts';
import type { WasmKernelArgs } from './run-wasm-kernel.ts';

/** The parts of the wasm backend this kernel uses (tfjs-backend-wasm's BackendWasm). */
interface WasmBackendHeap {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  /** A view of a tensor's bytes on the wasm heap: no copy, unlike `readSync`. */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * Max-pool gradient: each output's gradient goes to the first maximum of its window, as in the
 * cpu backend. The wasm backend's C++ kernel scans every window for every input pixel, which
 * makes it the slowest step of a small CNN's training; this one visits each window once, reads
 * the inputs in place on the heap, and walks the channels innermost, as they lie in memory.
 */
function maxPoolGradWasm({ inputs, backend, attrs }: WasmKernelArgs): tf.TensorInfo {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const wasm = backend as unknown as WasmBackendHeap;
  const out = wasm.makeOutput(input.shape, 'float32');
  // Views taken after makeOutput: its allocation may grow the heap and detach earlier views.
  const x = wasm.typedArrayFromHeap(input);
  const g = wasm.typedArrayFromHeap(dy);
  const dx = wasm.typedArrayFromHeap(out);
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const rowStride = inWidth * channels;
  if (filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && padTop === 0 && padLeft === 0
    && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth) {
    pool2x2Grad(x, g, dx, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    return out;
  }
  const bestValue = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    const xBase = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = Math.max(0, oh * strideHeight - padTop);
      const h1 = Math.min(inHeight, oh * strideHeight - padTop + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = Math.max(0, ow * strideWidth - padLeft);
        const w1 = Math.min(inWidth, ow * strideWidth - padLeft + filterWidth);
        const gBase = ((b * outHeight + oh) * outWidth + ow) * channels;
        if (h0 >= h1 || w0 >= w1) continue;
        // The window's first pixel seeds every channel; later pixels replace it only when strictly
        // greater, which keeps the first maximum on ties.
        const first = xBase + h0 * rowStride + w0 * channels;
        for (let c = 0; c < channels; c++) {
          bestValue[c] = x[first + c]!;
          bestAt[c] = first + c;
        }
        for (let h = h0; h < h1; h++) {
          for (let w = h === h0 ? w0 + 1 : w0; w < w1; w++) {
            const at = xBase + h * rowStride + w * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[at + c]!;
              if (v > bestValue[c]!) {
                bestValue[c] = v;
                bestAt[c] = at + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) dx[bestAt[c]!] += g[gBase + c]!;
      }
    }
  }
  return out;
}

/**
 * The common 2×2, stride-2, unpadded pool (both of our models'): every window is whole and the four
 * candidates are compared in row-major order, so no window bounds or scratch arrays are needed.
 */
function pool2x2Grad(
  x: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const rowStride = inWidth * channels;
  let gAt = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const rowBase = (b * inHeight + 2 * oh) * rowStride;
      for (let ow = 0; ow < outWidth; ow++) {
        const p00 = rowBase + 2 * ow * channels;
        for (let c = 0; c < channels; c++, gAt++) {
          const a = p00 + c;
          let best = a;
          let value = x[a]!;
          const v01 = x[a + channels]!;
          if (v01 > value) { value = v01; best = a + channels; }
          const v10 = x[a + rowStride]!;
          if (v10 > value) { value = v10; best = a + rowStride; }
          if (x[a + rowStride + channels]! > value) best = a + rowStride + channels;
          dx[best] += g[gAt]!;
        }
      }
    }
  }
}

export const maxPoolGradWasmConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};
