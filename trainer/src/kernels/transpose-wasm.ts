import { tf } from '../tf.ts';
import { identityWasmConfig } from './identity-wasm.ts';
import type { WasmKernelArgs } from './run-wasm-kernel.ts';

/**
 * Transpose whose identity permutation shares its input's buffer (our Identity) instead of copying it: the
 * wasm backend calls its own copying Identity there, and every embedding gradient goes through two such
 * transposes (tfjs's GatherV2 gradient), 1.6 MB each for a batch of 64 × 200 tokens.
 */
export function createTransposeWasmConfig(builtin: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: WasmKernelArgs): tf.TensorInfo => {
    const { perm } = args.attrs as unknown as tf.TransposeAttrs;
    const run = perm.every((axis, i) => axis === i) ? identityWasmConfig : builtin;
    return run.kernelFunc(args) as tf.TensorInfo;
  };
  return { kernelName: 'Transpose', backendName: 'wasm', setupFunc: builtin.setupFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
