import type { ImageSplit } from '../data/dataset.ts';
import { shuffledIndices } from '../data/shuffled-indices.ts';
import { tf, type LayersModel } from '../tf.ts';
import { makeBatch } from '../train/make-batch.ts';
import { YIELD_EVERY_MS } from '../train/train-epoch.ts';

export interface TrainingBatch {
  x: tf.Tensor4D;
  /** One-hot labels. */
  y: tf.Tensor2D;
  /** The batch's examples, as indices into the split. */
  indices: Uint32Array;
}

export interface TrainingLoopOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Multiplies the learning rate after every epoch (default 1: constant). */
  learningRateDecay?: number;
  seed: number;
  classes: number;
  /**
   * Called per batch outside the gradient tape (work that needs no gradients, e.g. a teacher's
   * logits, goes here); returns the forward pass the tape differentiates: the loss, and the logits
   * the epoch's accuracy is counted on.
   */
  makeLoss: (batch: TrainingBatch) => () => { loss: tf.Scalar; logits: tf.Tensor2D };
  /** After every optimizer step, with the 0-based global step (pruning re-applies its masks here). */
  afterStep?: (step: number) => void;
  onEpochEnd?: (log: LoopEpochLog) => void;
  /** Called every `reportEvery` steps (default 50) with the running mean loss of the epoch. */
  onProgress?: (progress: { epoch: number; step: number; stepsPerEpoch: number; loss: number }) => void;
  reportEvery?: number;
  /** Awaited after every batch, before `signal` is checked (a training job's cancel poll lands here). */
  onBatchEnd?: () => Promise<void> | void;
  /** Checked after every batch: an abort stops the loop there and throws the signal's reason. */
  signal?: AbortSignal;
}

export interface LoopEpochLog {
  epoch: number;
  loss: number;
  /** Share of the epoch's training examples the model classified right as it trained. */
  accuracy: number;
  learningRate: number;
  seconds: number;
}

export interface TrainingLoopResult {
  history: LoopEpochLog[];
  seconds: number;
  samplesPerSecond: number;
}

/**
 * A plain Adam loop over a split with a caller-defined loss, for the shrinking steps whose loss is
 * not the cross-entropy `trainModel` fits (distillation) or whose weights need fixing after every
 * step (pruning). Each step runs in one `tf.tidy`; the loop yields to the event loop now and then,
 * so timers (a job's cancel poll and lease renewal) run while it trains.
 */
export async function runTrainingLoop(model: LayersModel, split: ImageSplit, options: TrainingLoopOptions): Promise<TrainingLoopResult> {
  const optimizer = tf.train.adam(options.learningRate);
  // LayerVariable.read() returns the tf.Variable itself, typed as a Tensor.
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const stepsPerEpoch = Math.ceil(split.count / options.batchSize);
  const history: LoopEpochLog[] = [];
  const started = performance.now();
  let step = 0;
  let lastYield = performance.now();
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const epochStarted = performance.now();
      // tfjs keeps the rate protected but reads it on every update, so setting it between epochs takes effect.
      const learningRate = options.learningRate * (options.learningRateDecay ?? 1) ** (epoch - 1);
      (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
      const order = shuffledIndices(split.count, options.seed + epoch);
      let lossSum = 0;
      let correctSum = 0;
      for (let b = 0; b < stepsPerEpoch; b++) {
        const indices = order.subarray(b * options.batchSize, Math.min(split.count, (b + 1) * options.batchSize));
        const correct: tf.Scalar[] = [];
        const loss = tf.tidy(() => {
          const { x, y } = makeBatch(split, indices, options.classes);
          const forward = options.makeLoss({ x, y, indices });
          return optimizer.minimize(
            () => {
              const { loss: batchLoss, logits } = forward();
              // Kept out of the tidy scopes; no gradient flows through argMax.
              correct.push(tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'))));
              return batchLoss;
            },
            true,
            variables,
          )!;
        });
        lossSum += loss.dataSync()[0]!;
        correctSum += correct[0]!.dataSync()[0]!;
        tf.dispose([loss, ...correct]);
        options.afterStep?.(step++);
        if (options.onProgress && (b + 1) % (options.reportEvery ?? 50) === 0) {
          options.onProgress({ epoch, step: b + 1, stepsPerEpoch, loss: lossSum / (b + 1) });
        }
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
        await options.onBatchEnd?.();
        options.signal?.throwIfAborted();
      }
      const log = { epoch, loss: lossSum / stepsPerEpoch, accuracy: correctSum / split.count, learningRate, seconds: (performance.now() - epochStarted) / 1000 };
      history.push(log);
      options.onEpochEnd?.(log);
    }
  } finally {
    optimizer.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return { history, seconds, samplesPerSecond: (split.count * options.epochs) / Math.max(seconds, 1e-9) };
}
