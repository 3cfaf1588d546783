import type { RegularizationConfig } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { tf, type LayersModel } from '../tf.ts';

/**
 * The L1/L2 penalty of a model's chosen kernels as a function to call inside the loss (so its
 * gradient is taken with the loss's), or undefined when there is none. Biases and batch-norm
 * parameters are not penalised, as Keras' kernel_regularizer.
 */
export function regularizationPenalty(model: LayersModel, config: RegularizationConfig): (() => tf.Scalar) | undefined {
  if (!(config.l1 > 0 || config.l2 > 0)) return undefined;
  const names = config.layers ?? model.layers.map((layer) => layer.name);
  const kernels = names.flatMap((name) => {
    const layer = model.layers.find((l) => l.name === name);
    if (!layer) throw new TrainerError('invalid_config', `regularization.layers: the model has no layer "${name}" (it has ${model.layers.map((l) => l.name).join(', ')})`);
    const found = layer.trainableWeights.filter((w) => /kernel$/.test(w.originalName));
    if (!found.length && config.layers) throw new TrainerError('invalid_config', `regularization.layers: layer "${name}" has no kernel to regularise`);
    return found;
  });
  return () =>
    tf.tidy(() => {
      let penalty = tf.scalar(0);
      for (const kernel of kernels) {
        const w = kernel.read();
        if (config.l1 > 0) penalty = tf.add(penalty, tf.mul(config.l1, tf.sum(tf.abs(w))));
        if (config.l2 > 0) penalty = tf.add(penalty, tf.mul(config.l2, tf.sum(tf.square(w))));
      }
      return penalty as tf.Scalar;
    });
}
