import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingCallback } from '../callbacks/training-callback.ts';
import { selectBackend, tf } from '../tf.ts';
import type { EpochLog } from './epoch-log.ts';
import { evaluateModel } from './evaluate-model.ts';
import { buildTinyModel, loadWeights, snapshotWeights } from './testing/build-tiny-model.ts';
import { makeTinyDataset } from './testing/make-tiny-dataset.ts';
import { trainModel } from './train-model.ts';

const data = makeTinyDataset({ train: 300, validation: 90 });
let tmp: string;

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'train-model-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The rate the optimizer holds when each epoch starts (after the scheduler, which runs first). */
function recordLearningRates(rates: number[]): TrainingCallback {
  return { name: 'record-lr', onEpochBegin: (_epoch, context) => void rates.push(context.optimizer.getLearningRate()) };
}

const withoutTime = (history: EpochLog[]) => history.map(({ seconds: _seconds, ...rest }) => rest);

describe('trainModel', () => {
  it('keeps the original call shape: Adam at the given rate, validation each epoch, progress hooks', async () => {
    const model = buildTinyModel();
    const batches: number[] = [];
    const epochs: number[] = [];
    const result = await trainModel(model, data, {
      epochs: 3,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.01 },
      onBatchEnd: (p) => batches.push(p.batch),
      onEpochEnd: (log) => epochs.push(log.epoch),
    });
    expect(epochs).toEqual([1, 2, 3]);
    expect(batches).toHaveLength(3 * 10);
    expect(result.history.map((log) => log.learningRate)).toEqual([0.01, 0.01, 0.01]);
    expect(result.history[2]!.validationAccuracy).toBeGreaterThan(0.9);
    expect(result.history[2]!.loss).toBeLessThan(result.history[0]!.loss);
    expect(result.samplesPerSecond).toBeGreaterThan(0);
  });

  it('early stopping stops before the last epoch on a plateau and restores the best weights', async () => {
    const model = buildTinyModel();
    const weightsByEpoch: Float32Array[][] = [];
    // No later epoch can beat the first by minDelta = 10: a plateau from epoch 1.
    const result = await trainModel(model, data, {
      epochs: 10,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.01 },
      earlyStopping: { monitor: 'validationLoss', patience: 2, minDelta: 10 },
      onEpochEnd: () => weightsByEpoch.push(snapshotWeights(model)),
    });
    expect(result.history).toHaveLength(3);
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(weightsByEpoch[2]).not.toEqual(weightsByEpoch[0]);
    expect(snapshotWeights(model)).toEqual(weightsByEpoch[0]);
  });

  it('early stopping on accuracy keeps training while it improves', async () => {
    const result = await trainModel(buildTinyModel(), data, {
      epochs: 4,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.01 },
      earlyStopping: { monitor: 'validationAccuracy', patience: 5 },
    });
    expect(result.history).toHaveLength(4);
    expect(result.stoppedEarly).toBe(false);
  });

  it('a step schedule changes the optimizer rate at the epochs it should, and cosine anneals it', async () => {
    const stepRates: number[] = [];
    const step = await trainModel(buildTinyModel(), data, {
      epochs: 5,
      batchSize: 100,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      schedule: { type: 'step', stepSize: 2, gamma: 0.5 },
      callbacks: [recordLearningRates(stepRates)],
    });
    expect(stepRates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(step.history.map((log) => log.learningRate)).toEqual(stepRates);

    const cosineRates: number[] = [];
    await trainModel(buildTinyModel(), data, {
      epochs: 3,
      batchSize: 100,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      schedule: { type: 'cosine', minLearningRate: 0.02 },
      callbacks: [recordLearningRates(cosineRates)],
    });
    // min + (base − min)·(1 + cos(π·epoch/3))/2 for epochs 0, 1, 2, as PyTorch's CosineAnnealingLR with T_max = 3.
    [0.1, 0.08, 0.04].forEach((rate, i) => expect(cosineRates[i]).toBeCloseTo(rate, 9));
  });

  it('reduce-lr-on-plateau multiplies the rate by its factor after `patience` flat epochs, not below the minimum', async () => {
    const result = await trainModel(buildTinyModel(), data, {
      epochs: 6,
      batchSize: 100,
      optimizer: { type: 'momentum', learningRate: 0.1 },
      reduceLrOnPlateau: { monitor: 'validationLoss', patience: 1, factor: 0.5, minDelta: 10, minLearningRate: 0.02 },
    });
    // Epoch 1 sets the best; epochs 2, 3, 4 are flat (each reduces after one); the floor holds after.
    const rates = result.history.map((log) => log.learningRate);
    [0.1, 0.1, 0.05, 0.025, 0.02, 0.02].forEach((rate, i) => expect(rates[i]).toBeCloseTo(rate, 9));
  });

  it('clipping reports the pre-clip gradient norm per epoch and counts the clipped batches', async () => {
    const result = await trainModel(buildTinyModel(), data, { epochs: 1, batchSize: 30, optimizer: { type: 'adam', learningRate: 0.01 }, gradientClipNorm: 1e-3 });
    expect(result.history[0]!.gradientNorm).toBeGreaterThan(1e-3);
    expect(result.history[0]!.clippedBatches).toBe(10);
    const free = await trainModel(buildTinyModel(), data, { epochs: 1, batchSize: 30, optimizer: { type: 'adam', learningRate: 0.01 } });
    expect(free.history[0]!.gradientNorm).toBeUndefined();
  });

  it('augmentation changes the training batches but never the evaluation', async () => {
    const start = buildTinyModel();
    const initial = snapshotWeights(start);
    const run = async (augmentation?: { rotationDegrees: number; shift: number; zoom: number }) => {
      const model = buildTinyModel();
      loadWeights(model, initial);
      const result = await trainModel(model, data, { epochs: 2, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.01 }, seed: 3, augmentation });
      return { model, history: result.history };
    };
    const plain = await run();
    const again = await run();
    const augmented = await run({ rotationDegrees: 15, shift: 0.15, zoom: 0.1 });
    // Same seed and start, no dropout: training is deterministic, so only the batches can differ.
    expect(withoutTime(again.history)).toEqual(withoutTime(plain.history));
    expect(augmented.history[0]!.loss).not.toBeCloseTo(plain.history[0]!.loss, 6);
    // The loop's validation equals a plain evaluation of the final weights on the untouched split.
    const evaluation = evaluateModel(augmented.model, data.validation, data.classes);
    expect(augmented.history[1]!.validationLoss).toBeCloseTo(evaluation.loss, 6);
    expect(augmented.history[1]!.validationAccuracy).toBe(evaluation.accuracy);
  });

  it('resume continues from the checkpoint epoch with the same history as an uninterrupted run', async () => {
    const options = {
      epochs: 4,
      batchSize: 32,
      optimizer: { type: 'adam' as const, learningRate: 0.01 },
      schedule: { type: 'step' as const, stepSize: 1, gamma: 0.8 },
      // Both act across the interruption: the plateau reduces the rate for epoch 4 only if its
      // wait count survives, and early stopping restores epoch 1's weights only if they were saved.
      reduceLrOnPlateau: { patience: 2, factor: 0.5, minDelta: 10 },
      earlyStopping: { patience: 5, minDelta: 10 },
      seed: 5,
    };
    const reference = buildTinyModel();
    const initial = snapshotWeights(reference);
    const uninterrupted = await trainModel(reference, data, options);

    const dir = path.join(tmp, 'resume');
    const interrupted = buildTinyModel();
    loadWeights(interrupted, initial);
    const crash = new Error('interrupted after epoch 2');
    await expect(
      trainModel(interrupted, data, {
        ...options,
        checkpoint: { dir },
        onEpochEnd: (log) => {
          if (log.epoch === 2) throw crash;
        },
      }),
    ).rejects.toBe(crash);

    const resumedEpochs: number[] = [];
    const resumedModel = buildTinyModel();
    const resumed = await trainModel(resumedModel, data, {
      ...options,
      checkpoint: { dir, resume: true },
      onEpochEnd: (log) => resumedEpochs.push(log.epoch),
    });
    expect(resumed.resumedFromEpoch).toBe(2);
    expect(resumedEpochs).toEqual([3, 4]);
    expect(resumed.history).toHaveLength(4);
    const expected = withoutTime(uninterrupted.history);
    withoutTime(resumed.history).forEach((log, i) => {
      for (const [key, value] of Object.entries(log)) expect(value, `epoch ${i + 1} ${key}`).toBeCloseTo(expected[i]![key as keyof (typeof expected)[number]] as number, 5);
    });
    expect(resumed.history[3]!.learningRate).toBeCloseTo(0.01 * 0.8 ** 3 * 0.5, 9);
    expect(resumed.bestEpoch).toBe(1);
    const finalWeights = snapshotWeights(resumedModel);
    snapshotWeights(reference).forEach((w, i) => w.forEach((v, j) => expect(finalWeights[i]![j]).toBeCloseTo(v, 5)));
  });

  it('leaves no tensors behind, with every technique on', async () => {
    const model = buildTinyModel();
    const options = {
      epochs: 3,
      batchSize: 32,
      optimizer: { type: 'adam' as const, learningRate: 0.01, weightDecay: 0.01 },
      regularization: { l1: 1e-4, l2: 1e-3 },
      gradientClipNorm: 1,
      augmentation: {},
      earlyStopping: { patience: 1, minDelta: 10 },
      reduceLrOnPlateau: { patience: 1 },
      schedule: { type: 'cosine' as const },
      checkpoint: { dir: path.join(tmp, 'leak') },
    };
    await trainModel(model, data, { ...options, epochs: 1 });
    const before = tf.memory().numTensors;
    await trainModel(model, data, options);
    await trainModel(model, data, { ...options, epochs: 4, checkpoint: { ...options.checkpoint, resume: true } });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resume without a checkpoint is a not_found error', async () => {
    await expect(trainModel(buildTinyModel(), data, { epochs: 1, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.01 }, checkpoint: { dir: path.join(tmp, 'none'), resume: true } })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
