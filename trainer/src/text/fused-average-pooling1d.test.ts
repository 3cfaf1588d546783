import { describe, expect, it } from 'vitest';
import { commandRuns } from '../kernels/native/testing/command-runs.ts';
import { setNativeKernelsEnabled } from '../kernels/native/register-native-kernels.ts';
import { selectBackend, tf } from '../tf.ts';
import { buildTextModel } from './build-text-model.ts';
import { registerSegmentSumKernel } from './register-segment-sum-kernel.ts';
import { lossAndGradients } from './testing/loss-and-gradients.ts';

const [BATCH, STEPS, VOCABULARY, SIZE, UNITS, CLASSES] = [5, 9, 40, 6, 7, 3];

/** Loss and every weight's gradient of the pooled text model (embedding → mean → dense → softmax) on the backend in use. */
function pooledLossAndGradients(weights: Float32Array[], ids: number[][], upstream: number[][]): Float32Array[] {
  return tf.tidy(() => {
    const model = buildTextModel({ architecture: 'pooled', vocabularySize: VOCABULARY, maxLength: STEPS, classes: CLASSES, embeddingSize: SIZE, units: UNITS });
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
    const out = lossAndGradients(model, tf.tensor2d(ids), tf.tensor2d(upstream));
    model.dispose();
    return out;
  });
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, v, k) => Math.max(max, Math.abs(v - b[k]!)), 0);
}

describe('the pooled text model on the native kernels', () => {
  // Runs where the native addon builds (a C++ compiler and Node's headers), as the other native kernel tests.
  it.runIf(commandRuns())('matches the cpu backend in the loss and every gradient, padding and an all-padding row included', async () => {
    await selectBackend({ backend: 'wasm' });
    registerSegmentSumKernel();
    // Padding (id 0, a row of the table like any other in this model) at the end, the start and the middle; one row all padding; ids repeated.
    const ids = [
      [3, 4, 5, 6, 7, 8, 9, 10, 39],
      [12, 13, 14, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 15, 16, 17, 18, 12, 12],
      [21, 0, 22, 0, 23, 24, 0, 25, 21],
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    const shapes = [[VOCABULARY, SIZE], [SIZE, UNITS], [UNITS], [UNITS, CLASSES], [CLASSES]];
    const weights = shapes.map((shape, i) => tf.tidy(() => tf.randomUniform(shape, -0.6, 0.6, 'float32', i + 1).dataSync() as Float32Array));
    const upstream = [[1, -2, 0.5], [0.3, 1, -1], [2, 0, 1], [-1, 1, 0.2], [0.5, 0.5, -2]];
    const before = tf.memory().numTensors;
    let native: Float32Array[] = [];
    const profile = await tf.profile(() => {
      native = pooledLossAndGradients(weights, ids, upstream);
    });
    // The native kernels ran, not tfjs's mean gradient (a broadcast product and a division).
    expect(profile.kernelNames).toEqual(expect.arrayContaining(['GatherV2', 'UnsortedSegmentSum', 'EdgemlSpreadMean']));
    expect(profile.kernelNames).not.toContain('RealDiv');
    expect(tf.memory().numTensors).toBe(before);
    setNativeKernelsEnabled(false);
    let wasm: Float32Array[];
    try {
      wasm = pooledLossAndGradients(weights, ids, upstream);
    } finally {
      setNativeKernelsEnabled(true);
    }
    await tf.setBackend('cpu');
    const cpu = pooledLossAndGradients(weights, ids, upstream);
    await tf.setBackend('wasm');
    expect(native).toHaveLength(6);
    for (const [i, expected] of cpu.entries()) {
      expect(maxDiff(expected, native[i]!), `output ${i}, native`).toBeLessThan(1e-5);
      expect(maxDiff(expected, wasm[i]!), `output ${i}, wasm`).toBeLessThan(1e-5);
      expect(expected.some((v) => v !== 0), `output ${i} is not all zeros`).toBe(true);
    }
    // The padding row's gradient: every position of each row holding id 0, over the length.
    const table = cpu[1]!;
    expect(table.slice(0, SIZE).some((v) => v !== 0)).toBe(true);
    // Rows no text uses get no gradient.
    expect(Array.from(table.slice(1 * SIZE, 3 * SIZE))).toEqual(new Array(2 * SIZE).fill(0));
  });

  it('keeps tfjs\'s class name, so saved models and the ONNX exporter see a GlobalAveragePooling1D', () => {
    const model = buildTextModel({ architecture: 'pooled', vocabularySize: VOCABULARY, maxLength: STEPS, classes: CLASSES });
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(['Embedding', 'GlobalAveragePooling1D', 'Dense', 'Dense']);
    model.dispose();
  });
});
