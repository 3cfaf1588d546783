import { describe, expect, it } from 'vitest';
import { commandRuns } from '../kernels/native/testing/command-runs.ts';
import { selectBackend, tf } from '../tf.ts';
import { FusedLstm } from './fused-lstm.ts';
import { registerSegmentSumKernel } from './register-segment-sum-kernel.ts';
import { lossAndGradients } from './testing/loss-and-gradients.ts';

const [BATCH, STEPS, VOCABULARY, SIZE, UNITS] = [5, 9, 40, 6, 7];

/** Loss and every weight's gradient of embedding (pad masked) → FusedLstm → dense, on the backend in use. */
function lstmLossAndGradients(weights: tf.Tensor[], ids: tf.Tensor2D, upstream: tf.Tensor): Float32Array[] {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputShape: [STEPS], inputDim: VOCABULARY, outputDim: SIZE, maskZero: true }),
      new FusedLstm({ units: UNITS, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.setWeights(weights);
  const out = lossAndGradients(model, ids, upstream);
  model.dispose();
  return out;
}

describe('FusedLstm', () => {
  // Runs where the native addon builds (a C++ compiler and Node's headers), as the other native kernel tests.
  it.runIf(commandRuns())('matches tfjs\'s LSTM on the cpu backend in the loss and every gradient, padding included', async () => {
    await selectBackend({ backend: 'wasm' });
    registerSegmentSumKernel();
    // Rows padded at the end, at the start and in the middle, and one all padding.
    const rows = [
      [3, 4, 5, 6, 7, 8, 9, 10, 11],
      [12, 13, 14, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 15, 16, 17, 18, 19, 20],
      [21, 0, 22, 0, 23, 24, 0, 25, 39],
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    const shapes = [[VOCABULARY, SIZE], [SIZE, 4 * UNITS], [UNITS, 4 * UNITS], [4 * UNITS], [UNITS, 3], [3]];
    const data = shapes.map((shape, i) => tf.tidy(() => tf.randomUniform(shape, -0.6, 0.6, 'float32', i + 1).dataSync()));
    const upstream = [[1, -2, 0.5], [0.3, 1, -1], [2, 0, 1], [-1, 1, 0.2], [0.5, 0.5, -2]];
    const run = () =>
      tf.tidy(() => lstmLossAndGradients(shapes.map((shape, i) => tf.tensor(data[i]!, shape)), tf.tensor2d(rows, [BATCH, STEPS]), tf.tensor2d(upstream)));
    const before = tf.memory().numTensors;
    let onWasm: Float32Array[] = [];
    const profile = await tf.profile(() => {
      onWasm = run();
    });
    // The fused kernels ran (not tfjs's step-by-step LSTM, which would match the cpu trivially).
    expect(profile.kernelNames).toEqual(expect.arrayContaining(['EdgemlLstmSequence', 'EdgemlLstmSequenceGrad']));
    expect(profile.kernelNames).not.toContain('SplitV');
    // The states the gradient reads are freed with the step.
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    const onCpu = run();
    await tf.setBackend('wasm');
    expect(onWasm).toHaveLength(7);
    for (const [i, expected] of onCpu.entries()) {
      const diff = expected.reduce((max, v, k) => Math.max(max, Math.abs(v - onWasm[i]![k]!)), 0);
      expect(diff, `output ${i}`).toBeLessThan(1e-5);
      expect(expected.some((v) => v !== 0), `output ${i} is not all zeros`).toBe(true);
    }
  });
});
