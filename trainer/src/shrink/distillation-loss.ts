import { tf } from '../tf.ts';

export interface DistillationSettings {
  /** Softens both distributions: softmax(logits / T). */
  temperature: number;
  /** Weight of the soft (teacher) term; 1 - alpha weighs the hard-label cross-entropy. */
  alpha: number;
}

export const DEFAULT_DISTILLATION: DistillationSettings = { temperature: 4, alpha: 0.7 };

/**
 * Hinton et al.'s distillation loss, each term a mean over the batch:
 *   alpha · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − alpha) · CE(y, softmax(s)).
 * The T² factor keeps the soft term's gradients on the hard term's scale whatever T is. Log-softmax
 * keeps both terms finite for confident logits.
 */
export function distillationLoss(
  studentLogits: tf.Tensor2D,
  teacherLogits: tf.Tensor2D,
  oneHotLabels: tf.Tensor2D,
  settings: DistillationSettings = DEFAULT_DISTILLATION,
): tf.Scalar {
  const { temperature, alpha } = settings;
  return tf.tidy(() => {
    const teacherLogProbs = tf.logSoftmax(tf.div(teacherLogits, temperature));
    const studentLogProbs = tf.logSoftmax(tf.div(studentLogits, temperature));
    const kl = tf.mean(tf.sum(tf.mul(tf.exp(teacherLogProbs), tf.sub(teacherLogProbs, studentLogProbs)), -1));
    const crossEntropy = tf.mean(tf.neg(tf.sum(tf.mul(oneHotLabels, tf.logSoftmax(studentLogits)), -1)));
    return tf.add(tf.mul(kl, alpha * temperature * temperature), tf.mul(crossEntropy, 1 - alpha)) as tf.Scalar;
  });
}
