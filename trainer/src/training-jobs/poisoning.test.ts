import { DEFAULT_MODEL, normalizePixels } from '@edgeml/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, MNIST_LABELS, MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { loadMnistHoldout } from '../data/testdata/load-mnist-holdout.ts';
import { buildModel } from '../models/build-model.ts';
import { selectBackend, tf, type LayersModel } from '../tf.ts';
import { trainModel } from '../train/train-model.ts';
import { buildRetrainSet } from './build-retrain-set.ts';
import { findLabelFlips } from './find-label-flips.ts';
import { judgeMargin } from './judge-margin.ts';
import type { LabelledPixels } from './labelled-pixels.ts';
import { splitFeedback } from './split-feedback.ts';

/**
 * A flood of flipped labels (thousands of 3s sent as "8") against the job's own pieces: the
 * share cap on the training set, the trusted holdout and judgeMargin. A small budget so it
 * runs in seconds on 2 cores. Champion and challenger differ only in the feedback's labels: the
 * champion trains on the same images labelled honestly (3), so both take the same steps and a
 * small budget's noise (which backend, which kernels) cannot make more data look like a better model.
 */
const BUDGET = { trainLimit: 2_000, epochs: 1, seed: 42 };
const FLOOD = 3_000;

let trusted: LabelledPixels[];
let flood: LabelledPixels[];

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  const test = await loadMnistHoldout(10_000);
  trusted = test.slice(0, 1_000);
  // The attacker's images: real 3s (outside the trusted holdout), each resent until the flood is full, labelled 8.
  const threes = test.slice(1_000).filter((example) => example.label === 3);
  flood = Array.from({ length: FLOOD }, (_, i) => ({ pixels: threes[i % threes.length]!.pixels, label: 8 }));
});

async function train(feedback: LabelledPixels[]): Promise<{ model: LayersModel; feedbackKept: number; feedbackDropped: number }> {
  const data = await loadMnist({ trainLimit: BUDGET.trainLimit, testLimit: 1, validationFraction: 0.02, seed: BUDGET.seed });
  const set = buildRetrainSet(data.train, feedback, 0.2);
  const model = buildModel(DEFAULT_MODEL.architecture, set.train.imageShape, MNIST_LABELS.length);
  await trainModel(model, { train: set.train, validation: data.validation, classes: MNIST_LABELS.length }, {
    epochs: BUDGET.epochs,
    batchSize: DEFAULT_MODEL.batchSize,
    optimizer: { type: 'adam', learningRate: DEFAULT_MODEL.learningRate },
    seed: BUDGET.seed,
  });
  return { model, feedbackKept: set.feedbackKept, feedbackDropped: set.feedbackDropped };
}

function predict(model: LayersModel, examples: LabelledPixels[]): { index: number; confidence: number }[] {
  const size = 28 * 28;
  const images = new Float32Array(examples.length * size);
  examples.forEach((example, i) => images.set(normalizePixels(example.pixels, 255, MNIST_PREPROCESSING), i * size));
  return tf.tidy(() => {
    const probabilities = (model.predict(tf.tensor4d(images, [examples.length, 28, 28, 1])) as tf.Tensor2D).arraySync();
    return probabilities.map((row) => {
      const index = row.indexOf(Math.max(...row));
      return { index, confidence: row[index]! };
    });
  });
}

function accuracy(model: LayersModel, examples: LabelledPixels[]): number {
  return predict(model, examples).filter((p, i) => p.index === examples[i]!.label).length / examples.length;
}

describe('a flood of flipped feedback labels', () => {
  it('is capped in training, reported as flips, and does not get the poisoned challenger promoted', async () => {
    // The job splits feedback as it does for real: half held out (reported), half offered for training.
    const { train: offered, holdout: heldOutFeedback } = splitFeedback(flood, 0.5, BUDGET.seed);
    const honest = splitFeedback(flood.map((example) => ({ ...example, label: 3 })), 0.5, BUDGET.seed).train;
    const champion = await train(honest);
    const challenger = await train(offered);
    try {
      // At most 20% of the training set: 500 of the 1,500 flipped examples offered.
      expect(challenger.feedbackKept).toBe(500);
      expect(challenger.feedbackDropped).toBe(offered.length - 500);

      const flips = findLabelFlips(flood, predict(champion.model, flood), MNIST_LABELS, 0.5);
      expect(flips.pairs[0]).toMatchObject({ given: '8', predicted: '3' });
      expect(flips.pairs[0]!.count).toBeGreaterThan(FLOOD / 2);

      const threes = trusted.filter((example) => example.label === 3);
      const championTrusted = accuracy(champion.model, trusted);
      const challengerTrusted = accuracy(challenger.model, trusted);
      // The poison worked on the challenger: it reads most real 3s as 8s…
      expect(accuracy(challenger.model, threes)).toBeLessThan(accuracy(champion.model, threes) - 0.3);
      // …so on the trusted holdout it loses, and is not promoted.
      const decision = judgeMargin(championTrusted, challengerTrusted, 0);
      expect(decision, `champion ${championTrusted}, challenger ${challengerTrusted}`).toMatchObject({ promote: false });

      // Had the held-out feedback counted in judging (the old holdout: MNIST + feedback), it would have won.
      const mixed = [...trusted, ...heldOutFeedback];
      expect(accuracy(challenger.model, mixed)).toBeGreaterThan(accuracy(champion.model, mixed) + 0.2);
    } finally {
      champion.model.dispose();
      challenger.model.dispose();
    }
  }, 300_000);
});
