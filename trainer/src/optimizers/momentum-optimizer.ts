import { tf } from '../tf.ts';
import { applyDecoupledWeightDecay } from './apply-decoupled-weight-decay.ts';
import type { TfjsVariableGradients, TrainingOptimizer, VariableGradients } from './training-optimizer.ts';

/**
 * SGD with momentum: a ← m·a + g, then w ← w − lr·a, or with Nesterov w ← w − lr·(g + m·a).
 * `setLearningRate` (from tfjs's SGD) also refreshes the scalar the momentum step multiplies by.
 */
export class MomentumOptimizer extends tf.MomentumOptimizer implements TrainingOptimizer {
  readonly type = 'momentum';

  constructor(
    learningRate: number,
    momentum: number,
    nesterov = false,
    readonly weightDecay = 0,
  ) {
    super(learningRate, momentum, nesterov);
  }

  getLearningRate(): number {
    return this.learningRate;
  }

  override applyGradients(variableGradients: VariableGradients): void {
    applyDecoupledWeightDecay(variableGradients, this.learningRate, this.weightDecay);
    super.applyGradients(variableGradients as TfjsVariableGradients);
  }
}
