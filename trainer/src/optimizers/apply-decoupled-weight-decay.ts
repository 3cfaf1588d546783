import { tf } from '../tf.ts';
import type { VariableGradients } from './training-optimizer.ts';

/**
 * Decoupled weight decay (Loshchilov & Hutter, "Decoupled Weight Decay Regularization"): each
 * variable that has a gradient shrinks by `learningRate × weightDecay` of itself, independently of
 * the gradient, as torch.optim.AdamW does before its Adam step.
 */
export function applyDecoupledWeightDecay(
  variableGradients: VariableGradients,
  learningRate: number,
  weightDecay: number,
): void {
  if (!(weightDecay > 0)) return;
  const names = Array.isArray(variableGradients) ? variableGradients.map((g) => g.name) : Object.keys(variableGradients);
  const keep = 1 - learningRate * weightDecay;
  tf.tidy(() => {
    for (const name of names) {
      const variable = tf.engine().registeredVariables[name];
      if (variable) variable.assign(tf.mul(variable, keep));
    }
  });
}
