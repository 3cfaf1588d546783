import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSplit } from '../data/dataset.ts';
import { applyArchitectureOptions } from '../models/apply-architecture-options.ts';
import { buildModel } from '../models/build-model.ts';
import { createOptimizer } from '../optimizers/create-optimizer.ts';
import { selectBackend, tf } from '../tf.ts';
import { makeTinyDataset } from '../train/testing/make-tiny-dataset.ts';
import { trainModel } from '../train/train-model.ts';
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

/** The tiny dataset's 8×8 images at 16×16 (nearest neighbour): small-cnn's layers need the room. */
function upsample(split: ImageSplit): ImageSplit {
  const images = new Float32Array(split.count * 256);
  for (let i = 0; i < split.count; i++) {
    for (let p = 0; p < 256; p++) images[i * 256 + p] = split.images[i * 64 + Math.floor(p / 32) * 8 + Math.floor((p % 16) / 2)]!;
  }
  return { ...split, images, imageShape: [16, 16, 1] };
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
    // SGD, not Adam: Adam divides each gradient by its running RMS, so a weight whose gradient is
    // near 0 moves by ±lr on rounding noise alone; SGD's update is lr·g, linear in the gradient.
    const singleOptimizer = createOptimizer({ type: 'sgd', learningRate: 0.1 });
    // Dropout off: with it on, each instance draws its own masks.
    parallel = await createDataParallelStep(split, createOptimizer({ type: 'sgd', learningRate: 0.1 }), {
      backend: 'wasm',
      instances: 2,
      training: false,
    });
    const variables = single.trainableWeights.map((w) => w.read() as tf.Variable);
    let tensorsAfterFirstStep = 0;
    for (let step = 0; step < 3; step++) {
      // 13 samples: shares of 7 and 6, so the shares' weighting matters.
      const x = tf.randomNormal([13, 28, 28, 1], 0, 1, 'float32', step + 1);
      const y = tf.tidy(() => tf.oneHot(tf.randomUniform([13], 0, 10, 'int32', step + 1), 10).toFloat());
      const expectedLoss = tf.tidy(() => {
        const { loss, accuracy, grads } = batchGradients(single, x, y, false);
        accuracy.dispose();
        singleOptimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, grads[i]!])));
        return loss.dataSync()[0]!;
      });
      expect((await parallel.step(x, y)).loss).toBeCloseTo(expectedLoss, 3);
      tf.dispose([x, y]);
      // The optimizers create their moments on the first step; after it, steps leave nothing behind.
      if (step === 0) tensorsAfterFirstStep = tf.memory().numTensors;
      else expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);
    }
    // The steps moved the weights, and both runs moved them alike. The split reorders float32 sums:
    // each gradient element sums at most K = 13·24·24 products (conv1's filter gradient over the
    // batch, the longest reduction). Summed in any order, the rounding error is, with probability
    // ≥ 1 − 1e-8, at most λ·√K·u·Σ|terms| (λ = 6, u = 2⁻²⁴; Higham & Mary, SIAM J. Sci. Comput.
    // 41(5), 2019), and with mixed signs Σ|terms| ≈ √K·|Σ terms|. Two orders, three linear steps:
    // ‖w_split − w_single‖∞ ≤ 2·λ·K·u·‖w_single − w_initial‖∞ per tensor, 0.54% of the update.
    const bound = 2 * 6 * 13 * 24 * 24 * 2 ** -24;
    const moved = maxAbsDifference(single.getWeights(), initial);
    expect(moved).toBeGreaterThan(1e-2);
    single.getWeights().forEach((weights, i) => {
      const update = maxAbsDifference([weights], [initial[i]!]);
      expect(maxAbsDifference([split.getWeights()[i]!], [weights])).toBeLessThanOrEqual(bound * update);
    });
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

  it('refuses batch norm, whose moving statistics each instance would update on its own', async () => {
    const model = await applyArchitectureOptions(buildModel('small-cnn', [28, 28, 1], 10), { batchNorm: true });
    await expect(createDataParallelStep(model, createOptimizer({ type: 'adam' }), { backend: 'wasm' })).rejects.toMatchObject({ code: 'invalid_config' });
    model.dispose();
  });

  it('trains through trainModel when opted in: it learns, clips, and refuses regularization', async () => {
    const tiny = makeTinyDataset({ train: 300, validation: 90 });
    const data = { train: upsample(tiny.train), validation: upsample(tiny.validation), classes: tiny.classes };
    const dataParallel = { instances: 2, backend: 'wasm' as const };
    const model = buildModel('small-cnn', [16, 16, 1], data.classes);
    const batches: number[] = [];
    const result = await trainModel(model, data, {
      epochs: 4,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.01 },
      gradientClipNorm: 5,
      dataParallel,
      onBatchEnd: (p) => batches.push(p.batch),
    });
    expect(batches).toHaveLength(4 * 10);
    expect(result.history[3]!.loss).toBeLessThan(result.history[0]!.loss);
    expect(result.history[3]!.validationAccuracy).toBeGreaterThan(0.9);
    expect(result.history[0]!.gradientNorm).toBeGreaterThan(0);
    await expect(
      trainModel(model, data, { epochs: 1, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.01 }, regularization: { l2: 1e-3 }, dataParallel }),
    ).rejects.toMatchObject({ code: 'invalid_config' });
    model.dispose();
  });
});
