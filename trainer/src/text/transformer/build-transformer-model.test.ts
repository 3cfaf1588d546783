import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../tf.ts';
import { registerSegmentSumKernel } from '../register-segment-sum-kernel.ts';
import { buildTransformerModel } from './build-transformer-model.ts';
import { MaskedSelfAttention } from './masked-self-attention.ts';

const OPTIONS = { vocabularySize: 30, maxLength: 8, classes: 3, size: 8, heads: 2, feedForward: 12 };

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  registerSegmentSumKernel();
});

function predict(model: tf.LayersModel, rows: number[][]): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(rows)) as tf.Tensor).dataSync() as Float32Array);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i]!)), 0);
}

/** Random weights (the zero biases would hide mistakes). */
function randomize(model: tf.LayersModel, seed: number): void {
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', seed + i)));
}

describe('transformer text model (tfjs custom layers)', () => {
  it('has the configured shapes and one or two encoder blocks', () => {
    for (const blocks of [1, 2]) {
      const model = buildTransformerModel({ ...OPTIONS, blocks });
      expect(model.outputs[0]!.shape).toEqual([null, 3]);
      expect(model.layers.filter((layer) => layer.getClassName() === 'MaskedSelfAttention')).toHaveLength(blocks);
      const output = predict(model, [[1, 2, 3, 0, 0, 0, 0, 0], [4, 5, 6, 7, 8, 9, 10, 11]]);
      expect(output).toHaveLength(6);
      expect(output[0]! + output[1]! + output[2]!).toBeCloseTo(1, 5);
      model.dispose();
    }
    expect(() => buildTransformerModel({ ...OPTIONS, blocks: 3 })).toThrow(/1 or 2/);
  });

  it('ignores what sits at padded positions and follows the real tokens', () => {
    const model = buildTransformerModel({ ...OPTIONS, blocks: 2 });
    randomize(model, 7);
    const rows = [[3, 4, 5, 0, 0, 0, 0, 0], [6, 7, 0, 0, 0, 0, 0, 0]];
    const before = predict(model, rows);
    // The pad embedding row and the positions past the text are what padded positions carry: change both.
    const embedding = model.getLayer('embedding');
    const [table] = embedding.getWeights();
    embedding.setWeights([tf.tidy(() => tf.concat([tf.randomNormal([1, OPTIONS.size], 0, 3, 'float32', 1), table!.slice([1, 0])]))]);
    const positions = model.getLayer('positions');
    const [position] = positions.getWeights();
    positions.setWeights([tf.tidy(() => tf.concat([position!.slice([0, 0], [3, OPTIONS.size]), tf.randomNormal([5, OPTIONS.size], 0, 3, 'float32', 2)]))]);
    const afterPadding = predict(model, rows);
    expect(maxAbsDiff(before, afterPadding)).toBeLessThan(1e-6);
    const changedToken = predict(model, [[3, 4, 9, 0, 0, 0, 0, 0], [6, 7, 0, 0, 0, 0, 0, 0]]);
    expect(maxAbsDiff(afterPadding.subarray(0, 3), changedToken.subarray(0, 3))).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(afterPadding.subarray(3), changedToken.subarray(3))).toBeLessThan(1e-6);
    model.dispose();
  });

  it('masks padded keys inside the attention layer itself', () => {
    const layer = new MaskedSelfAttention({ heads: 2 });
    const x = tf.randomNormal([1, 4, 8], 0, 1, 'float32', 3);
    const noisy = tf.concat([x.slice([0, 0, 0], [1, 2, 8]), tf.randomNormal([1, 2, 8], 0, 5, 'float32', 4)], 1);
    const mask = tf.tensor2d([[1, 1, 0, 0]], [1, 4], 'bool');
    const a = (layer.apply(x, { mask }) as tf.Tensor).slice([0, 0, 0], [1, 2, 8]).dataSync() as Float32Array;
    const b = (layer.apply(noisy, { mask }) as tf.Tensor).slice([0, 0, 0], [1, 2, 8]).dataSync() as Float32Array;
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    const unmasked = (layer.apply(noisy) as tf.Tensor).slice([0, 0, 0], [1, 2, 8]).dataSync() as Float32Array;
    expect(maxAbsDiff(a, unmasked)).toBeGreaterThan(1e-4);
    tf.dispose([x, noisy, mask]);
  });

  it('saves and loads through tfjs serialization with the same outputs', async () => {
    const model = buildTransformerModel({ ...OPTIONS, blocks: 2 });
    randomize(model, 11);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers.map((layer) => layer.getClassName())).toEqual(model.layers.map((layer) => layer.getClassName()));
    const rows = [[1, 2, 3, 4, 0, 0, 0, 0], [9, 8, 7, 6, 5, 4, 3, 2]];
    expect(maxAbsDiff(predict(model, rows), predict(loaded, rows))).toBe(0);
    model.dispose();
    loaded.dispose();
  });

  it('learns a toy task in a few steps (gradients flow through every custom layer)', async () => {
    const model = buildTransformerModel({ ...OPTIONS, classes: 2 });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    // Class 1 when token 5 appears anywhere among the real tokens.
    const rows = Array.from({ length: 64 }, (_, i) => Array.from({ length: 8 }, (_, t) => (t < 3 + (i % 5) ? (t === i % 3 && i % 2 ? 5 : 6 + ((i + t) % 20)) : 0)));
    const labels = rows.map((row) => (row.includes(5) ? 1 : 0));
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const x = tf.tensor2d(rows);
    const y = tf.tensor1d(labels, 'float32');
    const history = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0 });
    const accuracy = history.history.acc!.at(-1) as number;
    expect(accuracy).toBeGreaterThan(0.9);
    model.getWeights().forEach((w, i) => expect(maxAbsDiff(w.dataSync() as Float32Array, before[i] as Float32Array), model.weights[i]!.name).toBeGreaterThan(0));
    tf.dispose([x, y]);
    model.dispose();
  });
});
