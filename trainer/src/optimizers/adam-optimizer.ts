import { tf } from '../tf.ts';
import { applyDecoupledWeightDecay } from './apply-decoupled-weight-decay.ts';
import type { TfjsVariableGradients, TrainingOptimizer, VariableGradients } from './training-optimizer.ts';

/**
 * Adam (tfjs's own step, so the default model trains exactly as before) plus decoupled weight
 * decay: with `weightDecay > 0` it is AdamW. tfjs's Adam has no weight decay at all.
 */
export class AdamOptimizer extends tf.AdamOptimizer implements TrainingOptimizer {
  readonly type = 'adam';

  constructor(
    learningRate: number,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon?: number,
    readonly weightDecay = 0,
  ) {
    super(learningRate, beta1, beta2, epsilon);
  }

  getLearningRate(): number {
    return this.learningRate;
  }

  /** tfjs's Adam reads `learningRate` on every step, so changing it takes effect at the next one. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  override applyGradients(variableGradients: VariableGradients): void {
    applyDecoupledWeightDecay(variableGradients, this.learningRate, this.weightDecay);
    super.applyGradients(variableGradients as TfjsVariableGradients);
  }
}
