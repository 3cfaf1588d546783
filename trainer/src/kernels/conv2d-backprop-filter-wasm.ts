import { tf } from '../tf.ts';

import { runWasmKernel as run, type WasmKernelArgs as KernelArgs } from './run-wasm-kernel.ts';

type TensorInfo = tf.TensorInfo;

/**
 * dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s+kh·d−pad, ow·s+kw·d−pad, ci] · dy[n,oh,ow,co]
 *
 * computed as one forward convolution that XNNPACK already does fast: the batch becomes the
 * channel axis, `dy` becomes the filter and the stride becomes its dilation.
 *   xT  = transpose(pad(x), [3,1,2,0])      [ci, Hp, Wp, n]
 *   dyT = transpose(dy, [1,2,0,3])          [oh, ow, n, co]
 *   r   = conv2d(xT, dyT, dilation = s)     [ci, ≥kh, ≥kw, co]
 *   dW  = transpose(r[:, :kh, :kw, :], [1,2,0,3])
 */
function conv2DBackpropFilterWasm({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, not ${dataFormat}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('Conv2DBackpropFilter on wasm supports dilation 1 only');
  }
  const temps: TensorInfo[] = [];
  const keep = <T extends TensorInfo>(t: T): T => (temps.push(t), t);
  try {
    const { top, bottom, left, right } = info.padInfo;
    // Rows past the last window (when the stride does not divide evenly) are dropped, not padded.
    const usedH = (info.outHeight - 1) * info.strideHeight + info.filterHeight;
    const usedW = (info.outWidth - 1) * info.strideWidth + info.filterWidth;
    const padded =
      top || bottom || left || right
        ? keep(run('PadV2', { inputs: { x }, backend, attrs: { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 } }))
        : x;
    const xT = keep(run('Transpose', { inputs: { x: padded }, backend, attrs: { perm: [3, 1, 2, 0] } }));
    const xTrim =
      xT.shape[1] !== usedH || xT.shape[2] !== usedW
        ? keep(run('Slice', { inputs: { x: xT }, backend, attrs: { begin: [0, 0, 0, 0], size: [-1, usedH, usedW, -1] } }))
        : xT;
    const dyT = keep(run('Transpose', { inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }));
    const r = keep(
      run('Conv2D', {
        inputs: { x: xTrim, filter: dyT },
        backend,
        attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] },
      }),
    );
    return run('Transpose', { inputs: { x: r }, backend, attrs: { perm: [1, 2, 0, 3] } });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

export const conv2DBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
};
