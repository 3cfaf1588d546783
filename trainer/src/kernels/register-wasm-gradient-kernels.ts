import { tf } from '../tf.ts';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.ts';

/**
 * The wasm backend ships forward kernels only for some ops; these are the gradients that
 * training our layers needs and that it lacks (tfjs#7361).
 */
export function registerWasmGradientKernels(): void {
  for (const config of [conv2DBackpropFilterWasmConfig]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
}
