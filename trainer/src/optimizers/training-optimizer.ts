import type { tf } from '../tf.ts';

export const OPTIMIZER_TYPES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

/** tfjs-core's NamedTensor, which the tfjs bundle does not re-export. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Gradients by variable name, as `computeGradients` returns them. */
export type VariableGradients = tf.NamedTensorMap | NamedTensor[];

/**
 * tfjs declares `applyGradients(NamedVariableMap | NamedTensor[])` although it is handed gradient
 * tensors (its own `minimize` passes `computeGradients`' map), so gradients are cast to that type.
 */
export type TfjsVariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/**
 * A tfjs optimizer whose learning rate callbacks can read and change between steps (tfjs keeps it
 * protected), with its state (step count, moments) saved and restored through `getWeights`/`setWeights`.
 */
export interface TrainingOptimizer {
  readonly type: OptimizerType;
  /** Steps applied so far; restored with the state on resume. */
  readonly iterations: number;
  getLearningRate(): number;
  setLearningRate(learningRate: number): void;
  computeGradients(f: () => tf.Scalar, varList?: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap };
  applyGradients(variableGradients: VariableGradients): void;
  getWeights(): Promise<NamedTensor[]>;
  setWeights(weightValues: NamedTensor[]): Promise<void>;
  dispose(): void;
}
