import { tf } from '../tf.ts';
import type { WasmKernelArgs } from './run-wasm-kernel.ts';
import { wasmHeap } from './native/wasm-heap.ts';

export const ADAM_UPDATE = 'EdgemlAdamUpdate';

/** AdamOptimizer's private state, which the fused update reads and assigns as tfjs's own update does. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ: the bias corrections of this step. */
  correction1: number;
  correction2: number;
}

/**
 * tfjs's Adam (same class name, config and weights) whose update of each variable is one kernel on
 * the wasm backend instead of 14 element-wise ones, each allocating a tensor of the variable's size: a
 * text model's 8,000 × 32 embedding table took ~12 ms a step there (the kernel: ~2.5 ms in JS, native
 * when the addon loads). Other backends run tfjs's update.
 */
export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getBackend() !== 'wasm' || !tf.getKernel(ADAM_UPDATE, 'wasm')) return super.applyGradients(variableGradients);
    const state = this as unknown as AdamState;
    const named: { name: string; tensor: tf.Tensor }[] = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    tf.tidy(() => {
      const [accBeta1, accBeta2] = [state.accBeta1.dataSync()[0]!, state.accBeta2.dataSync()[0]!];
      const attrs: AdamUpdateAttrs = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, correction1: 1 - accBeta1, correction2: 1 - accBeta2 };
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name]!;
        // Created as tfjs's Adam creates them, so getWeights/setWeights see the same moments.
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_UPDATE, { value, m, v, gradient }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.scalar(accBeta1 * this.beta1));
      state.accBeta2.assign(tf.scalar(accBeta2 * this.beta2));
    });
    this.incrementIterations();
  }
}

/** m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; value ← value − lr·(m/c₁)/(√(v/c₂) + ε), in one pass. */
function adamUpdateWasm({ inputs, backend, attrs }: WasmKernelArgs): tf.TensorInfo[] {
  const { value, m, v, gradient } = inputs as Record<string, tf.TensorInfo>;
  const { learningRate, beta1, beta2, epsilon, correction1, correction2 } = attrs as unknown as AdamUpdateAttrs;
  const heap = wasmHeap(backend);
  const outputs = [value!, m!, v!].map((t) => heap.makeOutput(t.shape, 'float32'));
  // Views taken after every makeOutput: an allocation may grow the heap and detach earlier views.
  const [newValue, newM, newV] = outputs.map((t) => heap.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array];
  const [x, m0, v0, g] = [value!, m!, v!, gradient!].map((t) => heap.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < x.length; i++) {
    const mi = beta1 * m0[i]! + (1 - beta1) * g[i]!;
    const vi = beta2 * v0[i]! + (1 - beta2) * g[i]! * g[i]!;
    newM[i] = mi;
    newV[i] = vi;
    newValue[i] = x[i]! - (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
  }
  return outputs;
}

/** The update as a wasm kernel (registered by registerWasmGradientKernels; the native addon's goes in front). */
export const adamUpdateWasmConfig: tf.KernelConfig = { kernelName: ADAM_UPDATE, backendName: 'wasm', kernelFunc: adamUpdateWasm as unknown as tf.KernelFunc };
