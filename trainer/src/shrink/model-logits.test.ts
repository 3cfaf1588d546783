import { beforeAll, describe, expect, it } from 'vitest';
import { buildSmallCnn } from '../models/build-small-cnn.ts';
import { selectBackend, tf } from '../tf.ts';
import { modelLogits } from './model-logits.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

describe('modelLogits', () => {
  it("gives the pre-softmax outputs of a model ending in a softmax Dense, with gradients reaching the model's weights", () => {
    const model = buildSmallCnn([12, 12, 1], 4);
    const logits = modelLogits(model);
    const x = tf.randomNormal([3, 12, 12, 1], 0, 1, 'float32', 3);
    const [fromLogits, predicted] = tf.tidy(() => [tf.softmax(logits(x, false)).dataSync(), (model.predict(x) as tf.Tensor).dataSync()]);
    for (let i = 0; i < predicted!.length; i++) expect(fromLogits![i]).toBeCloseTo(predicted![i]!, 5);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.sum(logits(x, true)) as tf.Scalar, variables);
    expect(Object.keys(grads)).toHaveLength(variables.length);
    tf.dispose([x, ...Object.values(grads)]);
    model.dispose();
  });

  it('drops a final Softmax layer', () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [3], units: 2, name: 'fc' }), tf.layers.softmax({ name: 'probs' })],
    });
    const x = tf.tensor2d([[1, 2, 3]]);
    const expected = tf.tidy(() => (model.layers[0]!.apply(x) as tf.Tensor).dataSync());
    const actual = tf.tidy(() => modelLogits(model)(x, false).dataSync());
    expect([...actual]).toEqual([...expected]);
    tf.dispose(x);
    model.dispose();
  });

  it('refuses a model that does not end in softmax', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'sigmoid' })] });
    expect(() => modelLogits(model)).toThrow(/does not end in softmax/);
    model.dispose();
  });
});
