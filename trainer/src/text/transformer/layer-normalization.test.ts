import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../tf.ts';
import { LayerNormalization } from './layer-normalization.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('LayerNormalization (broadcasting, closed-form gradient)', () => {
  it("matches tfjs's LayerNormalization forward and in every gradient", () => {
    const ours = new LayerNormalization({ epsilon: 1e-3 });
    const theirs = tf.layers.layerNormalization({ epsilon: 1e-3 });
    const x = tf.randomNormal([3, 5, 8], 0.5, 2, 'float32', 1);
    ours.build(x.shape);
    theirs.build(x.shape);
    const weights = [tf.randomUniform([8], 0.5, 1.5, 'float32', 2), tf.randomUniform([8], -1, 1, 'float32', 3)];
    ours.setWeights(weights);
    theirs.setWeights(weights);
    // A weighted sum as the loss, so each output element's gradient differs.
    const upstream = tf.randomNormal([3, 5, 8], 0, 1, 'float32', 4);
    const gradients = (layer: tf.layers.Layer) =>
      tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, upstream)) as tf.Scalar, layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
    expect(maxAbsDiff(ours.apply(x) as tf.Tensor, theirs.apply(x) as tf.Tensor)).toBeLessThan(1e-5);
    const [a, b] = [gradients(ours), gradients(theirs)];
    expect(Object.keys(a.grads)).toHaveLength(2);
    for (const [i, name] of Object.keys(a.grads).entries()) expect(maxAbsDiff(a.grads[name]!, b.grads[Object.keys(b.grads)[i]!]!), name).toBeLessThan(1e-4);
    const dx = (layer: tf.layers.Layer) => tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, upstream)))(x);
    expect(maxAbsDiff(dx(ours), dx(theirs))).toBeLessThan(1e-4);
  });

  it('keeps tfjs’s class name and config, so the exporter and saved models read it as before', () => {
    const layer = new LayerNormalization({ name: 'norm' });
    expect(layer.getClassName()).toBe('LayerNormalization');
    expect(layer.getConfig()).toMatchObject({ axis: -1, epsilon: 1e-3, center: true, scale: true });
    // Loading a saved model builds this class from tfjs's registry of layer classes.
    expect(tf.serialization.SerializationMap.getMap().classNameMap.LayerNormalization![0]).toBe(LayerNormalization);
  });
});
