import type { ImageSplit } from '../data/dataset.ts';
import { tf, type LayersModel } from '../tf.ts';
import { toTensors } from './to-tensors.ts';

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  seconds: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface TrainModelOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Called after every batch with the running loss: drive a progress bar from it. */
  onBatchEnd?: (progress: TrainProgress) => void;
  onEpochEnd?: (log: EpochLog) => void;
}

export interface TrainModelResult {
  history: EpochLog[];
  seconds: number;
  /** Training throughput, validation excluded. */
  samplesPerSecond: number;
}

/** Trains with Adam and categorical cross-entropy, validating after each epoch. */
export async function trainModel(
  model: LayersModel,
  data: { train: ImageSplit; validation: ImageSplit; classes: number },
  options: TrainModelOptions,
): Promise<TrainModelResult> {
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const train = toTensors(data.train, data.classes);
  const validation = toTensors(data.validation, data.classes);
  const batches = Math.ceil(data.train.count / options.batchSize);
  const history: EpochLog[] = [];
  let epochStart = 0;
  let trainingSeconds = 0;
  const started = performance.now();
  try {
    await model.fit(train.x, train.y, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      shuffle: true,
      validationData: [validation.x, validation.y],
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => {
          epochStart = performance.now();
        },
        onBatchEnd: async (batch, logs) => {
          options.onBatchEnd?.({
            epoch: history.length + 1,
            epochs: options.epochs,
            batch: batch + 1,
            batches,
            loss: logs?.loss ?? NaN,
          });
        },
        onEpochEnd: async (epoch, logs) => {
          const log: EpochLog = {
            epoch: epoch + 1,
            loss: logs?.loss ?? NaN,
            accuracy: logs?.acc ?? NaN,
            validationLoss: logs?.val_loss ?? NaN,
            validationAccuracy: logs?.val_acc ?? NaN,
            seconds: (performance.now() - epochStart) / 1000,
          };
          trainingSeconds += log.seconds;
          history.push(log);
          options.onEpochEnd?.(log);
        },
      },
    });
  } finally {
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  }
  const seconds = (performance.now() - started) / 1000;
  return { history, seconds, samplesPerSecond: (data.train.count * history.length) / Math.max(trainingSeconds, 1e-9) };
}
