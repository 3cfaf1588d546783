import { tf } from '../../tf.ts';

/**
 * Test support: the loss Σ model(ids)·upstream (a weighted sum of the outputs, so each output's gradient differs)
 * and every trainable weight's gradient, on the backend in use, as flat arrays: [loss, ...gradients].
 */
export function lossAndGradients(model: tf.LayersModel, ids: tf.Tensor2D, upstream: tf.Tensor): Float32Array[] {
  const loss = () => tf.sum(tf.mul(model.apply(ids) as tf.Tensor, upstream)) as tf.Scalar;
  const { value, grads } = tf.variableGrads(loss, model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  const out = [value.dataSync() as Float32Array, ...Object.values(grads).map((g) => g.dataSync() as Float32Array)];
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}
