import { tf, type LayersModel } from '../tf.ts';

// A type, not an interface: `tf.tidy` accepts it as a TensorContainer.
export type BatchGradients = {
  /** Mean cross-entropy of the batch. */
  loss: tf.Scalar;
  /** Share of the batch whose most probable class is the label's. */
  accuracy: tf.Scalar;
  /** One gradient per trainable weight, in `model.trainableWeights` order. */
  grads: tf.Tensor[];
};

/**
 * Gradients of a batch's mean categorical cross-entropy with respect to the model's trainable
 * weights. Every data-parallel instance runs this same function on its share of the batch, so
 * the shares' gradients, weighted by their sizes, add up to the full batch's.
 * `training` turns dropout on; with it off the result is deterministic.
 */
export function batchGradients(model: LayersModel, x: tf.Tensor, y: tf.Tensor, training: boolean): BatchGradients {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let accuracy: tf.Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const probabilities = model.apply(x, { training }) as tf.Tensor;
    // Kept: the gradient tape disposes every other intermediate.
    accuracy = tf.keep(tf.mean(tf.metrics.categoricalAccuracy(y, probabilities)) as tf.Scalar);
    return tf.mean(tf.metrics.categoricalCrossentropy(y, probabilities)) as tf.Scalar;
  }, variables);
  return { loss: value, accuracy: accuracy!, grads: variables.map((v) => grads[v.name]!) };
}
