import { tf } from '../../tf.ts';
import { ADAM_UPDATE } from '../fused-adam.ts';
import type { WasmKernelArgs } from '../run-wasm-kernel.ts';
import { adamUpdateNative } from './adam-update-native.ts';
import { batchMatMulNative } from './batch-mat-mul-native.ts';
import { conv2DBackpropFilterNative, conv2DBackpropInputNative, conv2DNative } from './conv2d-native.ts';
import { gatherV2Native, unsortedSegmentSumNative } from './embedding-rows-native.ts';
import { lstmSequenceNative, registerLstmSequenceNative } from './lstm-sequence-native.ts';
import { maxPoolGradNative } from './max-pool-grad-native.ts';
import type { NativeKernelFunc, NativeKernels } from './native-kernels.ts';
import { SPREAD_MEAN, spreadMeanNative } from './spread-mean-native.ts';
import { sumNative } from './sum-native.ts';

let enabled = true;
let registered: string[] | undefined;

/**
 * Puts the native addon's kernels in front of the wasm backend's (ours from
 * registerWasmGradientKernels included, which must already be registered): each call the native
 * kernel does not handle (another data format, dtype, activation or broadcast) goes to the kernel
 * it replaced, whose setup it keeps. Returns the kernel names now native.
 */
export function registerNativeKernels(native: NativeKernels): string[] {
  if (registered) return registered;
  const kernels: Record<string, NativeKernelFunc> = {
    Conv2D: conv2DNative(native, false),
    FusedConv2D: conv2DNative(native, true),
    Conv2DBackpropInput: conv2DBackpropInputNative(native),
    Conv2DBackpropFilter: conv2DBackpropFilterNative(native),
    BatchMatMul: batchMatMulNative(native),
    MaxPoolGrad: maxPoolGradNative(native),
    Sum: sumNative(native),
    Mean: sumNative(native, true),
    [ADAM_UPDATE]: adamUpdateNative(native),
    GatherV2: gatherV2Native(native),
    UnsortedSegmentSum: unsortedSegmentSumNative(native),
    [SPREAD_MEAN]: spreadMeanNative(native),
  };
  for (const [kernelName, nativeFunc] of Object.entries(kernels)) {
    const fallback = tf.getKernel(kernelName, 'wasm');
    if (fallback) tf.unregisterKernel(kernelName, 'wasm');
    const kernelFunc = (args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
      const out = enabled ? nativeFunc(args) : undefined;
      if (out) return out;
      if (!fallback) throw new Error(`the wasm backend has no ${kernelName} kernel for these arguments`);
      return fallback.kernelFunc(args) as tf.TensorInfo | tf.TensorInfo[];
    };
    tf.registerKernel({ kernelName, backendName: 'wasm', setupFunc: fallback?.setupFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  registerLstmSequenceNative(native);
  registered = [...Object.keys(kernels), 'LstmSequence'];
  return registered;
}

/** The last h of an LSTM over the whole sequence in one native kernel (see lstmSequenceNative), or undefined where it does not run. */
export function nativeLstmSequence(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D, mask: tf.Tensor2D): tf.Tensor2D | undefined {
  return lstmSequenceNative(x, kernel, recurrentKernel, bias, mask, enabled);
}

/** Whether `kernelName` runs natively now: registered, switched on, and the wasm backend in use. */
export function nativeKernelRuns(kernelName: string): boolean {
  return enabled && (registered?.includes(kernelName) ?? false) && tf.getBackend() === 'wasm';
}

/** Routes every call to the replaced wasm kernels (and LSTMs to tfjs's own) while off: for A/B benchmarks and tests in one process. */
export function setNativeKernelsEnabled(on: boolean): void {
  enabled = on;
}
