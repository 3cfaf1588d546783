import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../optimizers/create-optimizer.ts';
import { selectBackend, tf } from '../tf.ts';
import { clipByGlobalNorm } from './clip-by-global-norm.ts';
import { makeBatch } from './make-batch.ts';
import { regularizationPenalty } from './regularization.ts';
import { buildTinyModel, loadWeights, snapshotWeights } from './testing/build-tiny-model.ts';
import { makeTinyDataset } from './testing/make-tiny-dataset.ts';
import { createTrainStep } from './train-step.ts';
import { trainingLoss } from './training-loss.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

const data = makeTinyDataset({ train: 64, validation: 8 });
const batch = () => makeBatch(data.train, Array.from({ length: 64 }, (_, i) => i), data.classes);

function globalNorm(before: Float32Array[], after: Float32Array[]): number {
  let sum = 0;
  before.forEach((w, i) => w.forEach((v, j) => (sum += (after[i]![j]! - v) ** 2)));
  return Math.sqrt(sum);
}

describe('clipByGlobalNorm', () => {
  it('scales all gradients together down to the norm and reports the norm before clipping', () => {
    const result = tf.tidy(() => {
      const { grads, norm } = clipByGlobalNorm({ a: tf.tensor1d([3]), b: tf.tensor1d([0, 4]) }, 1);
      return { a: Array.from(grads.a!.dataSync()), b: Array.from(grads.b!.dataSync()), norm: norm.dataSync()[0]! };
    });
    expect(result.norm).toBeCloseTo(5, 5);
    expect(result.a[0]).toBeCloseTo(0.6, 5);
    expect(result.b[1]).toBeCloseTo(0.8, 5);
  });

  it('leaves gradients under the norm unchanged', () => {
    const a = tf.tidy(() => Array.from(clipByGlobalNorm({ a: tf.tensor1d([0.3, 0.4]) }, 1).grads.a!.dataSync()));
    expect(a[0]).toBeCloseTo(0.3, 6);
    expect(a[1]).toBeCloseTo(0.4, 6);
  });
});

describe('createTrainStep', () => {
  it('with clipping, the update is bounded by the clip norm while the reported pre-clip norm is the real one', () => {
    const { x, y } = batch();
    // SGD with lr 1 moves the weights by exactly the (clipped) gradient.
    const unclippedModel = buildTinyModel();
    const initial = snapshotWeights(unclippedModel);
    const free = createTrainStep(unclippedModel, createOptimizer({ type: 'sgd', learningRate: 1 }), { clipNorm: 1e9 })(x, y);
    expect(globalNorm(initial, snapshotWeights(unclippedModel))).toBeCloseTo(free.gradientNorm, 4);

    const clippedModel = buildTinyModel();
    loadWeights(clippedModel, initial);
    const clipNorm = free.gradientNorm / 10;
    const clipped = createTrainStep(clippedModel, createOptimizer({ type: 'sgd', learningRate: 1 }), { clipNorm })(x, y);
    expect(clipped.gradientNorm).toBeCloseTo(free.gradientNorm, 4);
    expect(clipped.gradientNorm).toBeGreaterThan(clipNorm);
    expect(globalNorm(initial, snapshotWeights(clippedModel))).toBeLessThanOrEqual(clipNorm * (1 + 1e-4));
    expect(globalNorm(initial, snapshotWeights(clippedModel))).toBeGreaterThan(clipNorm * 0.99);
    tf.dispose([x, y]);
  });

  it('reports the loss and accuracy of the batch, and NaN for the norm when clipping is off', () => {
    const { x, y } = batch();
    const model = buildTinyModel();
    const expected = tf.tidy(() => trainingLoss(model, x, y).loss.dataSync()[0]!);
    const result = createTrainStep(model, createOptimizer({ type: 'sgd', learningRate: 0.01 }))(x, y);
    expect(result.loss).toBeCloseTo(expected, 5);
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(result.gradientNorm).toBeNaN();
    tf.dispose([x, y]);
  });
});

describe('regularization', () => {
  it('L2 raises the loss by l2 × Σw² of the chosen kernels, and L1 by l1 × Σ|w|', () => {
    const { x, y } = batch();
    const model = buildTinyModel();
    const loss = (penalty?: () => tf.Scalar) => tf.tidy(() => trainingLoss(model, x, y, penalty).loss.dataSync()[0]!);
    const kernel = Array.from(model.getLayer('logits').getWeights()[0]!.dataSync());
    const squares = kernel.reduce((sum, w) => sum + w * w, 0);
    const absolute = kernel.reduce((sum, w) => sum + Math.abs(w), 0);
    const base = loss();
    expect(loss(regularizationPenalty(model, { l1: 0, l2: 0.01, layers: ['logits'] })) - base).toBeCloseTo(0.01 * squares, 5);
    expect(loss(regularizationPenalty(model, { l1: 0.001, l2: 0, layers: ['logits'] })) - base).toBeCloseTo(0.001 * absolute, 5);
    // Every kernel by default: the hidden layer's counts too.
    const hidden = Array.from(model.getLayer('hidden').getWeights()[0]!.dataSync()).reduce((sum, w) => sum + w * w, 0);
    expect(loss(regularizationPenalty(model, { l1: 0, l2: 0.01 })) - base).toBeCloseTo(0.01 * (squares + hidden), 5);
    expect(regularizationPenalty(model, { l1: 0, l2: 0 })).toBeUndefined();
    tf.dispose([x, y]);
  });

  it('rejects layers the model does not have or that have no kernel', () => {
    const model = buildTinyModel();
    expect(() => regularizationPenalty(model, { l1: 0, l2: 0.1, layers: ['conv9'] })).toThrow(/no layer "conv9"/);
    expect(() => regularizationPenalty(model, { l1: 0, l2: 0.1, layers: ['flatten'] })).toThrow(/no kernel/);
  });
});
