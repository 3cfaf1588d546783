import { DEFAULT_MODEL, type ModelManifest } from '@edgeml/shared';
import { loadMnist, MNIST_LABELS, MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { buildModel } from '../models/build-model.ts';
import { buildVersion } from '../pipeline/build-version.ts';
import { selectBackend, tf } from '../tf.ts';
import { trainModel, type EpochLog } from '../train/train-model.ts';
import { buildRetrainSet } from './build-retrain-set.ts';
import type { LabelledPixels } from './labelled-pixels.ts';

export interface RetrainOptions {
  name: string;
  /** MNIST training images used (after the validation split); the job's training budget. */
  trainLimit: number;
  epochs: number;
  seed: number;
  /** Feedback examples for the training set, in a seeded random order; cut to `maxFeedbackShare` of it. */
  feedback: LabelledPixels[];
  /** Largest share of the training set feedback may be (the retrain policy's maxFeedbackShare). */
  maxFeedbackShare: number;
  onEpochEnd?: (log: EpochLog) => void;
  log?: (line: string) => void;
  /** Checked after every batch: an abort ends training with the signal's reason thrown. */
  signal?: AbortSignal;
}

export interface Challenger {
  manifest: ModelManifest;
  /** The bytes of each artifact the manifest names (model, golden vectors, curves). */
  artifacts: Record<string, Uint8Array>;
  trainExamples: number;
  feedbackExamples: number;
  /** Feedback left out by the share cap. */
  feedbackDropped: number;
  trainSeconds: number;
}

/**
 * Trains a challenger from scratch (the default model's architecture and hyperparameters) on the
 * base MNIST slice plus at most `maxFeedbackShare` of feedback, and exports it. Fresh rather than fine-tuned: the runner may
 * not have the champion's run folder, and a fresh model with a fixed seed is reproducible.
 */
export async function retrainChallenger(options: RetrainOptions): Promise<Challenger> {
  const backend = await selectBackend();
  // A small validation slice: the runner judges on its own holdout, validation only feeds the curves.
  const data = await loadMnist({ trainLimit: options.trainLimit, testLimit: 1, validationFraction: 0.02, seed: options.seed });
  const { train, feedbackKept, feedbackDropped } = buildRetrainSet(data.train, options.feedback, options.maxFeedbackShare);
  options.log?.(
    `retrain: ${data.train.count} MNIST + ${feedbackKept} feedback images (${feedbackDropped} over the ${options.maxFeedbackShare} share cap left out), ${options.epochs} epoch(s), backend ${backend.name}`,
  );
  const model = buildModel(DEFAULT_MODEL.architecture, train.imageShape, MNIST_LABELS.length);
  try {
    const result = await trainModel(model, { train, validation: data.validation, classes: MNIST_LABELS.length }, {
      epochs: options.epochs,
      batchSize: DEFAULT_MODEL.batchSize,
      optimizer: { type: 'adam', learningRate: DEFAULT_MODEL.learningRate },
      seed: options.seed,
      onBatchEnd: () => options.signal?.throwIfAborted(),
      onEpochEnd: options.onEpochEnd,
    });
    const last = result.history.at(-1);
    const { manifest, artifacts } = await buildVersion({
      source: { model },
      run: {
        task: 'image-classification',
        name: options.name,
        labels: MNIST_LABELS,
        preprocessing: MNIST_PREPROCESSING,
        imageShape: train.imageShape,
        training: {
          architecture: DEFAULT_MODEL.architecture,
          dataset: 'mnist+feedback',
          epochs: options.epochs,
          batchSize: DEFAULT_MODEL.batchSize,
          optimizer: 'adam',
          learningRate: DEFAULT_MODEL.learningRate,
          seed: options.seed,
          backend: backend.name,
          trainExamples: train.count,
          feedbackExamples: feedbackKept,
          tfjsVersion: tf.version.tfjs,
        },
        metrics: {
          trainSeconds: result.seconds,
          samplesPerSecond: result.samplesPerSecond,
          ...(last ? { validationAccuracy: last.validationAccuracy } : {}),
        },
        history: result.history,
        createdAt: new Date().toISOString(),
      },
    });
    return { manifest, artifacts, trainExamples: train.count, feedbackExamples: feedbackKept, feedbackDropped, trainSeconds: result.seconds };
  } finally {
    model.dispose();
  }
}
