import { tf } from '../tf.ts';
import { applyDecoupledWeightDecay } from './apply-decoupled-weight-decay.ts';
import type { TfjsVariableGradients, TrainingOptimizer, VariableGradients } from './training-optimizer.ts';

/** Plain stochastic gradient descent: w ← w − lr·g, with optional decoupled weight decay. */
export class SgdOptimizer extends tf.SGDOptimizer implements TrainingOptimizer {
  readonly type = 'sgd';

  constructor(
    learningRate: number,
    readonly weightDecay = 0,
  ) {
    super(learningRate);
  }

  getLearningRate(): number {
    return this.learningRate;
  }

  override applyGradients(variableGradients: VariableGradients): void {
    applyDecoupledWeightDecay(variableGradients, this.learningRate, this.weightDecay);
    super.applyGradients(variableGradients as TfjsVariableGradients);
  }
}
