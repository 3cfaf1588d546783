import { type OptimizerConfigInput } from '@edgeml/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../tf.ts';
import { createOptimizer } from './create-optimizer.ts';
import type { TrainingOptimizer } from './training-optimizer.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

let counter = 0;

/** Applies `steps` updates with the same gradient to a fresh variable; returns its final value. */
function run(optimizer: TrainingOptimizer, start: number[], gradient: number[], steps: number, between?: (step: number) => void): number[] {
  const variable = tf.variable(tf.tensor1d(start), true, `optimizer_test_${counter++}`);
  const grad = tf.tensor1d(gradient);
  for (let step = 0; step < steps; step++) {
    between?.(step);
    optimizer.applyGradients({ [variable.name]: grad });
  }
  const values = Array.from(variable.dataSync());
  tf.dispose([variable, grad]);
  optimizer.dispose();
  return values;
}

function closeTo(actual: number[], expected: number[], digits = 6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, digits));
}

describe('optimizers', () => {
  const start = [1, -2];
  const g = [0.5, 1];
  const lr = 0.1;

  it('SGD moves by lr × gradient per step', () => {
    closeTo(run(createOptimizer({ type: 'sgd', learningRate: lr }), start, g, 2), start.map((w, i) => w - 2 * lr * g[i]!));
  });

  it('momentum accumulates velocity, so it moves further than SGD for the same gradients (Nesterov further still)', () => {
    // a1 = g, a2 = 0.9·g + g: total step lr·(1 + 1.9)·g
    closeTo(run(createOptimizer({ type: 'momentum', learningRate: lr, momentum: 0.9 }), start, g, 2), start.map((w, i) => w - 2.9 * lr * g[i]!));
    // Nesterov: lr·(g + 0.9·a1) + lr·(g + 0.9·a2) = lr·(1.9 + 2.71)·g
    closeTo(
      run(createOptimizer({ type: 'momentum', learningRate: lr, momentum: 0.9, nesterov: true }), start, g, 2),
      start.map((w, i) => w - 4.61 * lr * g[i]!),
    );
  });

  it('Adam takes steps of about lr whatever the gradient scale, with its betas', () => {
    // Bias-corrected Adam with a constant gradient: m̂ = g, v̂ = g², so each step is lr·sign(g).
    closeTo(run(createOptimizer({ type: 'adam', learningRate: lr, beta1: 0.5, beta2: 0.9 }), start, [1e-3, -50], 3), [1 - 3 * lr, -2 + 3 * lr], 4);
  });

  it.each<OptimizerConfigInput>([
    { type: 'sgd', learningRate: 0.1 },
    { type: 'momentum', learningRate: 0.1 },
    { type: 'adam', learningRate: 0.1 },
  ])('setLearningRate changes the size of the next step ($type)', (config) => {
    const reference = run(createOptimizer(config), [0], [1], 1)[0]!;
    const optimizer = createOptimizer(config);
    const changed = run(optimizer, [0], [1], 1, () => optimizer.setLearningRate(0.025))[0]!;
    expect(optimizer.getLearningRate()).toBe(0.025);
    expect(changed / reference).toBeCloseTo(0.25, 4);
  });

  it.each<OptimizerConfigInput>([
    { type: 'adam', learningRate: 0.01, weightDecay: 0.5 },
    { type: 'sgd', learningRate: 0.01, weightDecay: 0.5 },
    { type: 'momentum', learningRate: 0.01, weightDecay: 0.5 },
  ])('decoupled weight decay shrinks weights by lr × decay per step even with a zero gradient ($type)', (config) => {
    closeTo(run(createOptimizer(config), [2, -4], [0, 0], 3), [2, -4].map((w) => w * (1 - 0.01 * 0.5) ** 3));
    closeTo(run(createOptimizer({ ...config, weightDecay: 0 }), [2, -4], [0, 0], 3), [2, -4]);
  });

  it('validates its config', () => {
    expect(() => createOptimizer({ type: 'sgd', learningRate: -1 })).toThrow(/learningRate/);
    expect(() => createOptimizer({ type: 'sgd', beta1: 0.9 } as unknown as OptimizerConfigInput)).toThrow(/beta1/);
    expect(createOptimizer({ type: 'adam' }).getLearningRate()).toBe(0.001);
  });
});
