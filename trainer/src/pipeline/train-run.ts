import path from 'node:path';
import { loadMnist, MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { saveLayersModel } from '../io/save-layers-model.ts';
import { buildModel, type Architecture } from '../models/build-model.ts';
import { selectBackend, tf } from '../tf.ts';
import { evaluateModel } from '../train/evaluate-model.ts';
import { trainModel, type EpochLog, type TrainProgress } from '../train/train-model.ts';
import { writeRunRecord, type RunRecord } from './run-record.ts';

export interface TrainRunOptions {
  /** Model name used when publishing (`mnist`). */
  name: string;
  architecture: Architecture;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Folder the run is written to (created). */
  outDir: string;
  trainLimit?: number;
  testLimit?: number;
  seed?: number;
  onBatchEnd?: (progress: TrainProgress) => void;
  onEpochEnd?: (log: EpochLog) => void;
  /** Progress lines for people (backend chosen, data sizes). */
  log?: (line: string) => void;
}

/** Loads MNIST, trains, evaluates on the whole test split and saves weights + run.json to `outDir`. */
export async function trainRun(options: TrainRunOptions): Promise<RunRecord> {
  const log = options.log ?? (() => {});
  const backend = await selectBackend();
  log(`backend: ${backend.name}${backend.skipped.length ? ` (skipped ${backend.skipped.map((s) => s.name).join(', ')})` : ''}`);
  const data = await loadMnist({ trainLimit: options.trainLimit, testLimit: options.testLimit, seed: options.seed });
  log(`data: ${data.train.count} train, ${data.validation.count} validation, ${data.test.count} test images`);
  const model = buildModel(options.architecture, data.train.imageShape, data.labels.length);
  try {
    const result = await trainModel(model, { ...data, classes: data.labels.length }, options);
    const test = evaluateModel(model, data.test, data.labels.length);
    const last = result.history.at(-1);
    const record: RunRecord = {
      name: options.name,
      labels: data.labels,
      preprocessing: MNIST_PREPROCESSING,
      imageShape: data.train.imageShape,
      training: {
        architecture: options.architecture,
        dataset: data.name,
        epochs: options.epochs,
        batchSize: options.batchSize,
        optimizer: 'adam',
        learningRate: options.learningRate,
        seed: options.seed,
        backend: backend.name,
        trainExamples: data.train.count,
        validationExamples: data.validation.count,
        tfjsVersion: tf.version.tfjs,
      },
      metrics: {
        testAccuracy: test.accuracy,
        testLoss: test.loss,
        testSamples: test.samples,
        ...(last ? { validationAccuracy: last.validationAccuracy } : {}),
        trainSeconds: result.seconds,
        samplesPerSecond: result.samplesPerSecond,
        parameters: model.countParams(),
      },
      history: result.history,
      createdAt: new Date().toISOString(),
    };
    await saveLayersModel(model, options.outDir);
    await writeRunRecord(options.outDir, record);
    log(`saved run to ${path.relative(process.cwd(), options.outDir) || '.'}`);
    return record;
  } finally {
    model.dispose();
  }
}
