import { buildVocabulary, type TextArchitecture, TextTokenizer } from '@edgeml/shared';
import { FusedAdam } from '../kernels/fused-adam.ts';
import { tf, type LayersModel } from '../tf.ts';
import type { EpochLog, TrainProgress } from '../train/epoch-log.ts';
import { buildTextModel } from './build-text-model.ts';
import { registerSegmentSumKernel } from './register-segment-sum-kernel.ts';
import type { TextDataset, TextSplit } from './text-dataset.ts';

export interface TrainTextOptions {
  architecture: TextArchitecture;
  /** Vocabulary size, `<pad>` and `<unk>` included (default 8000). */
  vocabularySize?: number;
  /** Tokens per text (default 200). */
  maxLength?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  embeddingSize?: number;
  units?: number;
  /** Transformer encoder blocks (1 or 2). */
  blocks?: number;
  /** Awaited after every batch, before the signal is checked (a progress bar; a runner lets its cancel poll land here). */
  onBatchEnd?: (progress: TrainProgress) => Promise<void> | void;
  onEpochEnd?: (log: EpochLog) => void;
  /** Checked after every batch: an abort stops training there and throws the signal's reason. */
  signal?: AbortSignal;
}

export interface TrainedTextModel {
  model: LayersModel;
  tokenizer: TextTokenizer;
  labels: string[];
  metrics: { testAccuracy: number; testLoss: number; testSamples: number; validationAccuracy: number; trainSeconds: number; parameters: number };
  /** Per epoch, as image training logs it. */
  history: EpochLog[];
}

/** Builds the vocabulary from the training split, trains, and measures validation and test accuracy. */
export async function trainTextModel(dataset: TextDataset, options: TrainTextOptions): Promise<TrainedTextModel> {
  registerSegmentSumKernel();
  const maxLength = options.maxLength ?? 200;
  const vocabulary = buildVocabulary(dataset.train.texts, { maxSize: options.vocabularySize ?? 8000, minCount: 2 });
  const tokenizer = new TextTokenizer(vocabulary, maxLength);
  const model = buildTextModel({
    architecture: options.architecture,
    vocabularySize: tokenizer.vocabularySize,
    maxLength,
    classes: dataset.labels.length,
    embeddingSize: options.embeddingSize,
    units: options.units,
    blocks: options.blocks,
  });
  const learningRate = options.learningRate ?? 0.005;
  model.compile({ optimizer: new FusedAdam(learningRate, 0.9, 0.999), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const toTensors = (split: TextSplit): [tf.Tensor, tf.Tensor] => [
    tf.tensor2d(tokenizer.encodeBatch(split.texts), [split.texts.length, maxLength]),
    tf.tensor1d(split.labelIds, 'float32'),
  ];
  const [trainX, trainY] = toTensors(dataset.train);
  const [validationX, validationY] = toTensors(dataset.validation);
  const [testX, testY] = toTensors(dataset.test);
  const started = performance.now();
  const history: EpochLog[] = [];
  let epochStart = started;
  let epoch = 0;
  const epochs = options.epochs ?? 5;
  const batchSize = options.batchSize ?? 64;
  const batches = Math.ceil(dataset.train.texts.length / batchSize);
  const onBatchEnd = options.onBatchEnd;
  try {
    await model.fit(trainX, trainY, {
      epochs,
      batchSize,
      shuffle: true,
      validationData: [validationX, validationY],
      callbacks: {
        onEpochBegin: (index) => {
          epoch = index + 1;
          epochStart = performance.now();
        },
        // Only with a listener or a signal: reading each batch's loss waits for the batch to finish.
        ...(onBatchEnd || options.signal
          ? {
              onBatchEnd: async (batch: number, logs: { loss?: number } = {}) => {
                await onBatchEnd?.({ epoch, epochs, batch: batch + 1, batches, loss: logs.loss ?? Number.NaN });
                if (options.signal?.aborted) model.stopTraining = true;
              },
            }
          : {}),
        onEpochEnd: (epoch, logs = {}) => {
          // An epoch cut short by an abort has no validation figures: it is not logged.
          if (options.signal?.aborted) return;
          const log = { epoch: epoch + 1, loss: logs.loss!, accuracy: logs.acc!, validationLoss: logs.val_loss!, validationAccuracy: logs.val_acc!, learningRate, seconds: (performance.now() - epochStart) / 1000 };
          history.push(log);
          options.onEpochEnd?.(log);
        },
      },
    });
    options.signal?.throwIfAborted();
    const trainSeconds = (performance.now() - started) / 1000;
    const [validationAccuracy] = evaluate(model, validationX, validationY);
    const [testAccuracy, testLoss] = evaluate(model, testX, testY);
    return {
      model,
      tokenizer,
      labels: dataset.labels,
      metrics: { testAccuracy, testLoss, testSamples: dataset.test.texts.length, validationAccuracy, trainSeconds, parameters: model.countParams() },
      history,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose([trainX, trainY, validationX, validationY, testX, testY]);
  }
}

/** [accuracy, loss] over a split. */
function evaluate(model: LayersModel, x: tf.Tensor, y: tf.Tensor): [number, number] {
  return tf.tidy(() => {
    const result = model.evaluate(x, y, { batchSize: 256 }) as tf.Scalar[];
    return [result[1]!.dataSync()[0]!, result[0]!.dataSync()[0]!];
  });
}
