import { tf } from '../tf.ts';

/**
 * Scales every gradient by min(1, maxNorm / ‖g‖) where ‖g‖ is the norm of all gradients taken as
 * one vector (PyTorch's clip_grad_norm_, tf.clip_by_global_norm). Returns the clipped gradients and
 * the norm before clipping; call inside `tf.tidy`.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: tf.Scalar } {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((name) => tf.sum(tf.square(grads[name]!))))) as tf.Scalar;
  // 1e-6 as in PyTorch, so a zero gradient does not divide by zero.
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
  const clipped: tf.NamedTensorMap = {};
  for (const name of names) clipped[name] = tf.mul(grads[name]!, scale);
  return { grads: clipped, norm };
}
