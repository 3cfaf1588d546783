import { tf } from '../tf.ts';
import type { WasmKernelArgs } from './run-wasm-kernel.ts';

/** The parts of the wasm backend this kernel uses (tfjs-backend-wasm's BackendWasm). */
interface WasmBackendHeap {
  readSync(dataId: object): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * Max-pool gradient: each output's gradient goes to the first maximum of its window, as in the
 * cpu backend. The wasm backend's C++ kernel scans every window for every input pixel, which
 * makes it the slowest step of a small CNN's training; this one visits each window once.
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
  const x = wasm.readSync(input.dataId);
  const g = wasm.readSync(dy.dataId);
  const out = wasm.makeOutput(input.shape, 'float32');
  const dx = wasm.typedArrayFromHeap(out);
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const rowStride = inWidth * channels;
  for (let b = 0; b < batchSize; b++) {
    const xBase = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = Math.max(0, oh * strideHeight - padTop);
      const h1 = Math.min(inHeight, oh * strideHeight - padTop + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = Math.max(0, ow * strideWidth - padLeft);
        const w1 = Math.min(inWidth, ow * strideWidth - padLeft + filterWidth);
        const gBase = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          let best = -1;
          let bestValue = -Infinity;
          for (let h = h0; h < h1; h++) {
            for (let w = w0; w < w1; w++) {
              const at = xBase + h * rowStride + w * channels + c;
              if (x[at]! > bestValue || best < 0) {
                bestValue = x[at]!;
                best = at;
              }
            }
          }
          if (best >= 0) dx[best] += g[gBase + c]!;
        }
      }
    }
  }
  return out;
}

export const maxPoolGradWasmConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};
