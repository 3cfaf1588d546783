import { tf } from '../tf.ts';
import { runWasmKernel, type WasmKernelArgs } from './run-wasm-kernel.ts';

/**
 * The wasm backend's own Conv2DBackpropInput is a naive loop (4× slower than the forward conv
 * here). For stride 1 the input gradient is a forward convolution of `dy` with the filter
 * flipped in space and its channel axes swapped, which XNNPACK runs fast:
 *   dx = conv2d(dy, transpose(reverse(W, [0,1]), [0,1,3,2]), pads = (k−1−padStart, k−1−padEnd))
 * Other strides fall back to the backend's kernel.
 */
export function createConv2DBackpropInputWasmConfig(fallback: tf.KernelConfig | undefined): tf.KernelConfig {
  const kernelFunc = (args: WasmKernelArgs): tf.TensorInfo => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const unitStride = info.strideHeight === 1 && info.strideWidth === 1;
    if (!unitStride || (dataFormat !== undefined && dataFormat !== 'NHWC')) {
      if (!fallback) throw new Error('Conv2DBackpropInput on wasm supports stride 1 only');
      return fallback.kernelFunc(args) as tf.TensorInfo;
    }
    const { backend } = args;
    const temps: tf.TensorInfo[] = [];
    try {
      const flipped = runWasmKernel('Reverse', { inputs: { x: filter }, backend, attrs: { dims: [0, 1] } });
      temps.push(flipped);
      const swapped = runWasmKernel('Transpose', { inputs: { x: flipped }, backend, attrs: { perm: [0, 1, 3, 2] } });
      temps.push(swapped);
      const { top, bottom, left, right } = info.padInfo;
      const kh = info.filterHeight;
      const kw = info.filterWidth;
      return runWasmKernel('Conv2D', {
        inputs: { x: dy, filter: swapped },
        backend,
        attrs: {
          strides: 1,
          pad: [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]],
          dataFormat: 'NHWC',
          dilations: 1,
        },
      });
    } finally {
      for (const t of temps) (backend as tf.KernelBackend).disposeData(t.dataId);
    }
  };
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    // The builtin's setup binds its C++ function, which the fallback path calls.
    setupFunc: fallback?.setupFunc,
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  };
}
