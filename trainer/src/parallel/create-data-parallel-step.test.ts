import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../models/build-model.ts';
import { createOptimizer } from '../optimizers/create-optimizer.ts';
import { selectBackend, tf } from '../tf.ts';
import { batchGradients } from './batch-gradients.ts';
import { createDataParallelStep, type DataParallelStep } from './create-data-parallel-step.ts';

function maxAbsDifference(a: tf.Tensor[], b: tf.Tensor[]): number {
  let max = 0;
  a.forEach((t, i) => {
    const x = t.dataSync();
    const y = b[i]!.dataSync();
    for (let j = 0; j < x.length; j++) max = Math.max(max, Math.abs(x[j]! - y[j]!));
  });
  return max;
}

describe('createDataParallelStep', () => {
  let parallel: DataParallelStep | undefined;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });
  afterAll(async () => {
    await parallel?.close();
  });

  it('updates the weights as one instance does on the full batch', async () => {
    const single = buildModel('small-cnn', [28, 28, 1], 10);
    const split = buildModel('small-cnn', [28, 28, 1], 10);
    const initial = single.getWeights().map((w) => w.clone());
    split.setWeights(initial);
    const singleOptimizer = createOptimizer({ type: 'adam', learningRate: 1e-2 });
    // Dropout off: with it on, each instance draws its own masks.
    parallel = await createDataParallelStep(split, createOptimizer({ type: 'adam', learningRate: 1e-2 }), {
      architecture: 'small-cnn',
      inputShape: [28, 28, 1],
      classes: 10,
      backend: 'wasm',
      instances: 2,
      training: false,
    });
    const variables = single.trainableWeights.map((w) => w.read() as tf.Variable);
    for (let step = 0; step < 3; step++) {
      // 13 samples: shares of 7 and 6, so the shares' weighting matters.
      const x = tf.randomNormal([13, 28, 28, 1], 0, 1, 'float32', step + 1);
      const y = tf.oneHot(tf.randomUniform([13], 0, 10, 'int32', step + 1), 10).toFloat();
      const expectedLoss = tf.tidy(() => {
        const { loss, grads } = batchGradients(single, x, y, false);
        singleOptimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, grads[i]!])));
        return loss.dataSync()[0]!;
      });
      expect(await parallel.step(x, y)).toBeCloseTo(expectedLoss, 3);
      tf.dispose([x, y]);
    }
    // The steps moved the weights (learning rate 1e-2), and both runs moved them alike.
    expect(maxAbsDifference(split.getWeights(), initial)).toBeGreaterThan(1e-2);
    expect(maxAbsDifference(split.getWeights(), single.getWeights())).toBeLessThan(1e-4);
    tf.dispose(initial);
    single.dispose();
    split.dispose();
  });

  it('rejects a batch smaller than the number of instances', async () => {
    const x = tf.zeros([1, 28, 28, 1]);
    const y = tf.zeros([1, 10]);
    await expect(parallel!.step(x, y)).rejects.toMatchObject({ code: 'invalid_argument' });
    tf.dispose([x, y]);
  });
});
