import { type TextArchitecture } from '@edgeml/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../tf.ts';
import { buildTextModel } from './build-text-model.ts';
import { measureTextParity } from './measure-text-parity.ts';
import { paddedIds } from './testing/padded-ids.ts';

const TOLERANCE = 1e-4;

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

/** Random weights everywhere, biases included, so a gate-order mistake cannot hide behind zeros. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', seed + i)));
}

describe('text model ONNX export parity (onnxruntime-node)', () => {
  for (const architecture of ['pooled', 'lstm'] as TextArchitecture[]) {
    it(`matches tfjs for the ${architecture} model on padded texts`, async () => {
      const model = buildTextModel({ architecture, vocabularySize: 50, maxLength: 16, classes: 3, embeddingSize: 8, units: 6 });
      randomizeWeights(model, 3);
      const { maxAbsDiff, exported } = await measureTextParity(model, paddedIds(32, 16, 50, 11), 32);
      console.log(`ONNX parity ${architecture}: max |Δ| = ${maxAbsDiff.toExponential(2)}`);
      expect(exported.inputShape).toEqual([-1, 16]);
      expect(exported.outputKind).toBe('probabilities');
      expect(maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
      model.dispose();
    });
  }

  it('matches tfjs for max pooling over an embedding', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputShape: [10], inputDim: 30, outputDim: 5, name: 'embedding' }),
        tf.layers.globalMaxPooling1d({ name: 'max_pool' }),
        tf.layers.dense({ units: 4, activation: 'softmax', name: 'probabilities' }),
      ],
    });
    randomizeWeights(model, 9);
    const { maxAbsDiff } = await measureTextParity(model, paddedIds(16, 10, 30, 4), 16);
    expect(maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('follows the tfjs mask: padding after the tokens does not change the LSTM output', async () => {
    const model = buildTextModel({ architecture: 'lstm', vocabularySize: 20, maxLength: 8, classes: 2, embeddingSize: 4, units: 3 });
    randomizeWeights(model, 5);
    const rows = Float32Array.from([3, 4, 5, 0, 0, 0, 0, 0, 3, 4, 5, 6, 7, 8, 9, 2]);
    const { maxAbsDiff } = await measureTextParity(model, rows, 2);
    expect(maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });
});
