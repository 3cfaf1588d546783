import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../models/build-model.ts';
import { createOptimizer } from '../../optimizers/create-optimizer.ts';
import { selectBackend, tf } from '../../tf.ts';
import { buildNativeKernels, loadNativeKernels, type NativeKernelsLoad } from './load-native-kernels.ts';
import { setNativeKernelsEnabled } from './register-native-kernels.ts';
import { commandRuns } from './testing/command-runs.ts';


/** `EDGEML_NATIVE_KERNELS=0 npm test` runs the suite on the wasm kernels; the addon itself is still built and tested here. */
const switchedOff = process.env.EDGEML_NATIVE_KERNELS === '0';

describe('native kernels', () => {
  let loaded: NativeKernelsLoad;
  beforeAll(async () => {
    loaded = await buildNativeKernels();
  });

  it.runIf(switchedOff)('leave the wasm kernels in place when EDGEML_NATIVE_KERNELS=0', async () => {
    expect((await selectBackend({ backend: 'wasm' })).kernels).toBe('wasm (native off: EDGEML_NATIVE_KERNELS=0)');
  });

  it.runIf(commandRuns() && !switchedOff)('build here and take the wasm backend\'s convolutions and matmuls', async () => {
    expect(loaded).toMatchObject({ ok: true });
    const selection = await selectBackend({ backend: 'wasm' });
    expect(selection.kernels).toMatch(/^native \S+ ×\d+ threads \(Conv2D, FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter, BatchMatMul, MaxPoolGrad, Sum, Mean, EdgemlAdamUpdate, GatherV2, UnsortedSegmentSum, EdgemlSpreadMean, LstmSequence\)$/);
  });

  it('are turned off by EDGEML_NATIVE_KERNELS=0 and say why they are missing', async () => {
    expect(await loadNativeKernels({ EDGEML_NATIVE_KERNELS: '0' })).toEqual({ ok: false, reason: 'EDGEML_NATIVE_KERNELS=0' });
    expect(await buildNativeKernels({ CXX: '/nonexistent/g++' })).toEqual({ ok: false, reason: 'C++ compiler "/nonexistent/g++" not found' });
  });

  it.runIf(commandRuns())('refuse views shorter than the sizes they are given, before writing anything', () => {
    if (!loaded.ok) throw new Error(loaded.reason);
    const out = new Float32Array(4).fill(7);
    // 2×3 · 3×2 needs 6 elements of each operand; b has 5.
    expect(() => loaded.ok && loaded.kernels.batchMatMul(new Float32Array(6), new Float32Array(5), out, Int32Array.from([1, 2, 2, 3, 0, 0, 0, 0]))).toThrow(
      /argument 1 has 5 elements, needs 6/,
    );
    expect(() => loaded.ok && loaded.kernels.conv2dForward(new Float32Array(9), new Float32Array(4), null, out, Int32Array.from([1, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0, 1, 1]), false)).not.toThrow();
    expect(() => loaded.ok && loaded.kernels.conv2dForward(new Float32Array(8), new Float32Array(4), null, out, Int32Array.from([1, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0, 1, 1]), false)).toThrow(/argument 0/);
    expect(() => loaded.ok && loaded.kernels.conv2dBackpropFilter(new Float32Array(9), new Float32Array(4), out, Int32Array.from([1, 3, 3, 1, 2, 2, 1, 2, 2, 0, 1, 0, 0, 1, 1]))).toThrow(/strides/);
  });

  it('give bit-identical gradients on every run, however the threads shared the work', async () => {
    await selectBackend({ backend: 'wasm' });
    // Big enough for many pixel blocks in the filter gradient and many row blocks in the bias sum.
    const x = tf.randomNormal([32, 20, 20, 16], 0, 1, 'float32', 5);
    const f = tf.randomNormal([3, 3, 16, 24], 0, 1, 'float32', 6);
    const gradients = () =>
      tf.tidy(() => {
        const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))))([x, f]);
        const bias = tf.sum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'), [0, 1, 2]);
        return tf.concat([dx!.flatten(), df!.flatten(), bias]).dataSync().slice();
      });
    const first = gradients();
    for (let run = 0; run < 4; run++) expect(gradients()).toEqual(first);
    tf.dispose([x, f]);
  });

  it('train MNISTNet along the loss trajectory the wasm kernels give', async () => {
    await selectBackend({ backend: 'wasm' });
    const model = buildModel('mnist-net', [28, 28, 1], 10);
    const initial = model.getWeights().map((w) => w.clone());
    const x = tf.randomNormal([16, 28, 28, 1], 0, 1, 'float32', 3);
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([16], 0, 10, 'int32', 4), 10).toFloat());
    const trajectory = (native: boolean): number[] => {
      setNativeKernelsEnabled(native);
      try {
        model.setWeights(initial);
        const optimizer = createOptimizer({ type: 'adam', learningRate: 1e-3 });
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const losses: number[] = [];
        for (let step = 0; step < 5; step++) {
          // Dropout off (apply's default, training: false) so both runs are deterministic.
          losses.push(
            tf.tidy(() => {
              const { value, grads } = tf.variableGrads(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x) as tf.Tensor)) as tf.Scalar, variables);
              optimizer.applyGradients(grads);
              return value.dataSync()[0]!;
            }),
          );
        }
        optimizer.dispose();
        return losses;
      } finally {
        setNativeKernelsEnabled(true);
      }
    };
    const withNative = trajectory(true);
    const withWasm = trajectory(false);
    // The steps learn (the same 16 samples each step), and both kernel sets follow the same path.
    // The kernel sets sum in other orders (each within γ_K of exact, native-kernel-paths.test.ts);
    // Adam divides every gradient by its own RMS, which lets rounding in near-zero gradients move
    // weights by up to lr per step, so after 5 steps the losses agree to 0.1%, not to γ_K. A wrong
    // kernel moves them by tens of percent.
    expect(withNative[4]!).toBeLessThan(withNative[0]! * 0.9);
    withNative.forEach((loss, i) => expect(Math.abs(loss - withWasm[i]!)).toBeLessThan(1e-3 * Math.max(1, withWasm[i]!)));
    tf.dispose([x, y, ...initial]);
    model.dispose();
  });
});
