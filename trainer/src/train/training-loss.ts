import { tf, type LayersModel } from '../tf.ts';

/**
 * The mean categorical cross-entropy of a batch in training mode (dropout on, batch norm on batch
 * statistics), plus the regularisation penalty, as tfjs's `fit` computes it. Also returns the batch
 * accuracy, kept (the caller disposes it) because the gradient tape disposes everything else.
 */
export function trainingLoss(
  model: LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  penalty?: () => tf.Scalar,
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  const probabilities = model.apply(x, { training: true }) as tf.Tensor;
  const accuracy = tf.keep(tf.mean(tf.metrics.categoricalAccuracy(y, probabilities)) as tf.Scalar);
  const crossEntropy = tf.mean(tf.metrics.categoricalCrossentropy(y, probabilities)) as tf.Scalar;
  return { loss: penalty ? tf.add(crossEntropy, penalty()) : crossEntropy, accuracy };
}
