import type { TrainingOptimizer } from '../optimizers/training-optimizer.ts';
import { tf, type LayersModel } from '../tf.ts';
import { clipByGlobalNorm } from './clip-by-global-norm.ts';
import { trainingLoss } from './training-loss.ts';

export interface TrainStepOptions {
  /** Clip the global gradient norm to this; off when unset. */
  clipNorm?: number;
  /** The regularisation penalty added to the loss (see `regularizationPenalty`). */
  penalty?: () => tf.Scalar;
}

export interface TrainStepResult {
  loss: number;
  accuracy: number;
  /** Global gradient norm before clipping; NaN when clipping is off (it is not computed). */
  gradientNorm: number;
}

/**
 * One optimisation step on a batch: gradients of the loss with respect to the model's trainable
 * weights, optional clipping by global norm, the optimizer's update; all inside one `tf.tidy`, with
 * a single read-back of the step's numbers.
 */
export function createTrainStep(
  model: LayersModel,
  optimizer: TrainingOptimizer,
  options: TrainStepOptions = {},
): (x: tf.Tensor, y: tf.Tensor) => TrainStepResult {
  // LayerVariable.read() returns the tf.Variable itself, typed as a Tensor; tfjs's fit does the same cast.
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return (x, y) => {
    let accuracy: tf.Scalar | undefined;
    const numbers = tf.tidy(() => {
      const { value, grads } = optimizer.computeGradients(() => {
        const step = trainingLoss(model, x, y, options.penalty);
        accuracy = step.accuracy;
        return step.loss;
      }, variables);
      let applied = grads;
      let norm: tf.Scalar = tf.scalar(NaN);
      if (options.clipNorm !== undefined) ({ grads: applied, norm } = clipByGlobalNorm(grads, options.clipNorm));
      optimizer.applyGradients(applied);
      return tf.stack([value, accuracy!, norm]);
    });
    const [loss, acc, gradientNorm] = numbers.dataSync();
    tf.dispose([numbers, accuracy!]);
    return { loss: loss!, accuracy: acc!, gradientNorm: gradientNorm! };
  };
}
