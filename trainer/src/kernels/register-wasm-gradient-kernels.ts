import { tf } from '../tf.ts';
import { createBatchMatMulWasmConfig } from './batch-mat-mul-wasm.ts';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.ts';
import { createConv2DBackpropInputWasmConfig } from './conv2d-backprop-input-wasm.ts';
import { adamUpdateWasmConfig } from './fused-adam.ts';
import { createGatherV2WasmConfig } from './gather-v2-wasm.ts';
import { identityWasmConfig } from './identity-wasm.ts';
import { maxPoolGradWasmConfig } from './max-pool-grad-wasm.ts';
import { createTransposeWasmConfig } from './transpose-wasm.ts';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum-wasm.ts';

let registered = false;

/**
 * The wasm backend lacks some gradient kernels that training our layers needs (Conv2DBackpropFilter:
 * tfjs#7361; UnsortedSegmentSum, which Embedding's gradient needs) and has naive C++ loops for others; these are rebuilt from its fast forward kernels
 * (BatchMatMul with transposed operands, which dense layers' gradients use, included).
 * Must run before the backend initialises, so the engine calls each kernel's setup.
 */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel(conv2DBackpropFilterWasmConfig);
  tf.registerKernel(replace('Conv2DBackpropInput', createConv2DBackpropInputWasmConfig));
  tf.registerKernel(replace('MaxPoolGrad', () => maxPoolGradWasmConfig));
  tf.registerKernel(replace('Identity', () => identityWasmConfig));
  // Embedding's gradient: without it text models cannot train on wasm.
  tf.registerKernel(replace('UnsortedSegmentSum', () => unsortedSegmentSumWasmConfig));
  // FusedAdam's update of one variable.
  tf.registerKernel(adamUpdateWasmConfig);
  // Embedding's lookup, by rows.
  const gather = tf.getKernel('GatherV2', 'wasm');
  if (gather) tf.registerKernel(replace('GatherV2', () => createGatherV2WasmConfig(gather)));
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose) tf.registerKernel(replace('Transpose', () => createTransposeWasmConfig(transpose)));
  const batchMatMul = tf.getKernel('BatchMatMul', 'wasm');
  // Registered by the wasm package's import; without it the backend keeps its own.
  if (batchMatMul) tf.registerKernel(replace('BatchMatMul', () => createBatchMatMulWasmConfig(batchMatMul)));
}

function replace(kernelName: string, create: (builtin: tf.KernelConfig | undefined) => tf.KernelConfig): tf.KernelConfig {
  const builtin = tf.getKernel(kernelName, 'wasm');
  if (builtin) tf.unregisterKernel(kernelName, 'wasm');
  return create(builtin);
}
