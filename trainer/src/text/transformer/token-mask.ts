import { tf } from '../../tf.ts';

/**
 * The padding mask tfjs hands a layer after an Embedding with `maskZero` (`kwargs.mask`, bool [batch, length]),
 * as float 1 (token) / 0 (pad); all ones when there is none.
 */
export function tokenMask(kwargs: Record<string, unknown>, batch: number, length: number): tf.Tensor2D {
  const mask = kwargs.mask;
  const tensor = Array.isArray(mask) ? (mask[0] as unknown) : mask;
  if (tensor instanceof tf.Tensor) return tf.cast(tensor, 'float32').reshape([batch, length]);
  return tf.ones([batch, length]);
}
