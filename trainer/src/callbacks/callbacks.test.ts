import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../optimizers/create-optimizer.ts';
import { selectBackend } from '../tf.ts';
import type { EpochLog } from '../train/epoch-log.ts';
import { buildTinyModel } from '../train/testing/build-tiny-model.ts';
import { learningRateAt } from './learning-rate-schedule.ts';
import { LearningRateScheduler } from './learning-rate-scheduler.ts';
import { MetricMonitor } from './metric-monitor.ts';
import { ReduceLrOnPlateau } from './reduce-lr-on-plateau.ts';
import type { TrainingContext } from './training-callback.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

function log(epoch: number, validationLoss: number, validationAccuracy = 0.5): EpochLog {
  return { epoch, loss: 1, accuracy: 0.5, validationLoss, validationAccuracy, learningRate: 0, seconds: 0 };
}

function context(learningRate: number, epochs = 10): TrainingContext {
  return { model: buildTinyModel(), optimizer: createOptimizer({ type: 'sgd', learningRate }), epochs, history: [], stopTraining: false, learningRateScale: 1 };
}

describe('learningRateAt', () => {
  it('steps by gamma every stepSize epochs', () => {
    const rates = [0, 1, 2, 3, 4, 5].map((epoch) => learningRateAt({ type: 'step', stepSize: 2, gamma: 0.1 }, 1, epoch, 6));
    [1, 1, 0.1, 0.1, 0.01, 0.01].forEach((rate, i) => expect(rates[i]).toBeCloseTo(rate, 12));
  });

  it('anneals along half a cosine to the minimum and stays there', () => {
    const schedule = { type: 'cosine', minLearningRate: 0.1 } as const;
    expect(learningRateAt(schedule, 1, 0, 4)).toBeCloseTo(1, 12);
    expect(learningRateAt(schedule, 1, 2, 4)).toBeCloseTo(0.55, 12);
    expect(learningRateAt(schedule, 1, 4, 4)).toBeCloseTo(0.1, 12);
    expect(learningRateAt({ ...schedule, epochs: 2 }, 1, 3, 4)).toBeCloseTo(0.1, 12);
  });

  it('keeps a constant rate', () => {
    expect(learningRateAt({ type: 'constant' }, 0.3, 7, 10)).toBe(0.3);
  });
});

describe('MetricMonitor', () => {
  it('counts losses down and accuracies up as improvements, only beyond minDelta', () => {
    const loss = new MetricMonitor('validationLoss', 0.1);
    expect([1, 0.95, 0.85, 0.9].map((value, i) => loss.update(log(i + 1, value)))).toEqual([true, false, true, false]);
    expect(loss.state).toEqual({ best: 0.85, bestEpoch: 3, wait: 1 });
    const accuracy = new MetricMonitor('validationAccuracy');
    expect([0.5, 0.6, 0.6, 0.4].map((value, i) => accuracy.update(log(i + 1, 1, value)))).toEqual([true, true, false, false]);
    expect(accuracy.state.wait).toBe(2);
  });

  it('never counts NaN as an improvement', () => {
    const monitor = new MetricMonitor('validationLoss');
    expect(monitor.update(log(1, NaN))).toBe(false);
  });
});

describe('ReduceLrOnPlateau and LearningRateScheduler together', () => {
  it('reduce after `patience` flat epochs, and the schedule keeps the reduction', () => {
    const ctx = context(0.1);
    const scheduler = new LearningRateScheduler({ type: 'constant' }, 0.1);
    const plateau = new ReduceLrOnPlateau({ monitor: 'validationLoss', factor: 0.5, patience: 2, minDelta: 0, minLearningRate: 0.03 });
    const losses = [1, 0.9, 0.95, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85];
    const rates: number[] = [];
    losses.forEach((loss, epoch) => {
      scheduler.onEpochBegin(epoch, ctx);
      rates.push(ctx.optimizer.getLearningRate());
      plateau.onEpochEnd(log(epoch + 1, loss), ctx);
    });
    // Flat at epochs 3–4 → 0.05 from epoch 5; flat at 6–7 → 0.03 (floor, not 0.025) from 8; stays.
    [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03].forEach((rate, i) => expect(rates[i]).toBeCloseTo(rate, 12));
    ctx.optimizer.dispose();
  });

  it('saves and restores its wait count and best value', () => {
    const config = { monitor: 'validationLoss', factor: 0.5, patience: 2, minDelta: 0, minLearningRate: 0 } as const;
    const first = new ReduceLrOnPlateau(config);
    const ctx = context(0.1);
    first.onEpochEnd(log(1, 1), ctx);
    first.onEpochEnd(log(2, 1.1), ctx);
    const state = JSON.parse(JSON.stringify(first.getState().json)) as unknown;
    const second = new ReduceLrOnPlateau(config);
    second.setState({ json: state });
    second.onEpochEnd(log(3, 1.2), ctx);
    expect(ctx.optimizer.getLearningRate()).toBeCloseTo(0.05, 12);
    ctx.optimizer.dispose();
  });
});
