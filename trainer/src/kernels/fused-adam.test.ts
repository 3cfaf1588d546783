import { describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../tf.ts';
import { FusedAdam } from './fused-adam.ts';
import { setNativeKernelsEnabled } from './native/register-native-kernels.ts';

/** Weights after `steps` Adam steps of a small dense model from fixed weights, on the backend in use. */
async function train(optimizer: tf.Optimizer, steps: number): Promise<Float32Array[]> {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 4, activation: 'tanh' }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
  model.setWeights([[5, 4], [4], [4, 3], [3]].map((shape, i) => tf.randomUniform(shape, -0.5, 0.5, 'float32', i + 1)));
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const x = tf.randomNormal([16, 5], 0, 1, 'float32', 9);
  const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), 'float32');
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

describe('FusedAdam', () => {
  it("trains on wasm (native update and the JS one) as tfjs's Adam does on the cpu backend", async () => {
    await selectBackend({ backend: 'wasm' });
    const fused = new FusedAdam(0.05, 0.9, 0.999);
    let onWasm: Float32Array[] = [];
    const profile = await tf.profile(async () => {
      onWasm = await train(fused, 6);
    });
    expect(profile.kernelNames).toContain('EdgemlAdamUpdate');
    expect(profile.kernelNames).not.toContain('Sqrt');
    // Its moments are the optimizer's weights, as tfjs's Adam keeps them (iterations, then m and v of each weight).
    expect((await fused.getWeights()).map((w) => w.name)).toHaveLength(1 + 2 * 4);
    setNativeKernelsEnabled(false);
    let onWasmAlone: Float32Array[];
    try {
      onWasmAlone = await train(new FusedAdam(0.05, 0.9, 0.999), 6);
    } finally {
      setNativeKernelsEnabled(true);
    }
    await tf.setBackend('cpu');
    const onCpu = await train(tf.train.adam(0.05, 0.9, 0.999), 6);
    await tf.setBackend('wasm');
    for (const [i, expected] of onCpu.entries()) {
      const diff = expected.reduce((max, v, k) => Math.max(max, Math.abs(v - onWasm[i]![k]!), Math.abs(v - onWasmAlone[i]![k]!)), 0);
      expect(diff, `weight ${i}`).toBeLessThan(1e-5);
    }
    // The update moved the weights (6 steps of 0.05).
    const start = tf.tidy(() => tf.randomUniform([5, 4], -0.5, 0.5, 'float32', 1).dataSync() as Float32Array);
    expect(start.reduce((max, v, k) => Math.max(max, Math.abs(v - onWasm[0]![k]!)), 0)).toBeGreaterThan(0.1);
  });
});
