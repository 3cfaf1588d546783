import { type RunConfig, type RunConfigInput } from '@edgeml/shared';
import path from 'node:path';
import { collectProvenance } from '../config/collect-provenance.ts';
import { resolveRunConfig } from '../config/resolve-run-config.ts';
import type { ImageDataset } from '../data/dataset.ts';
import { loadMnist, MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { TrainerError } from '../errors.ts';
import { applyArchitectureOptions } from '../models/apply-architecture-options.ts';
import { buildModel } from '../models/build-model.ts';
import { selectBackend, tf } from '../tf.ts';
import { evaluateModel } from '../train/evaluate-model.ts';
import { fitTemperature } from '../calibrate/fit-temperature.ts';
import { readCheckpoint } from '../train/read-checkpoint.ts';
import { trainModel, type EpochLog, type TrainProgress } from '../train/train-model.ts';
import type { RunRecord } from './run-record.ts';
import { saveRun } from './save-run.ts';

/** Checkpoints live in `<run>/checkpoint/`. */
export const CHECKPOINT_DIR = 'checkpoint';

export interface TrainRunOptions {
  /** The run config (any subset of its keys; defaults fill the rest). */
  config?: RunConfigInput;
  /** Folder the run is written to (created). */
  outDir: string;
  /**
   * Continue the run in `outDir` from its last checkpoint. Its saved config is the base; `config`
   * overrides it (e.g. more epochs).
   */
  resume?: boolean;
  onBatchEnd?: (progress: TrainProgress) => void;
  onEpochEnd?: (log: EpochLog) => void;
  /** Progress lines for people (backend chosen, data sizes). */
  log?: (line: string) => void;
  /** Images to train on instead of MNIST (the training API's uploaded datasets), preprocessed with MNIST's recipe. */
  data?: ImageDataset;
  /** Sees the loaded data before training and may change it (a retrain job adds feedback to the training split). */
  prepareData?: (data: ImageDataset) => ImageDataset;
}

/**
 * Loads MNIST (or takes `data`), trains as the run config says (checkpointing every epoch), evaluates on the test
 * split and saves weights, run.json (config, provenance, curves) and curves.svg to `outDir`.
 */
export async function trainRun(options: TrainRunOptions): Promise<RunRecord> {
  const log = options.log ?? (() => {});
  const checkpointDir = path.join(options.outDir, CHECKPOINT_DIR);
  const saved = options.resume ? await readCheckpoint(checkpointDir) : undefined;
  if (options.resume && !saved) throw new TrainerError('not_found', `cannot resume: ${options.outDir} has no ${CHECKPOINT_DIR}/checkpoint.json`);
  const savedConfig = (saved?.meta as { config?: RunConfigInput } | undefined)?.config ?? {};
  const config = resolveRunConfig(savedConfig, options.config ?? {});
  const backend = await selectBackend();
  log(`backend: ${backend.name}${backend.skipped.length ? ` (skipped ${backend.skipped.map((s) => s.name).join(', ')})` : ''}${backend.kernels ? `; kernels: ${backend.kernels}` : ''}`);
  const loaded = options.data ?? await loadMnist({
    trainLimit: config.dataset.trainLimit,
    testLimit: config.dataset.testLimit,
    validationFraction: config.dataset.validationFraction,
    seed: config.seed,
  });
  const data = options.prepareData?.(loaded) ?? loaded;
  log(`data: ${data.train.count} train, ${data.validation.count} validation, ${data.test.count} test images`);
  log(`config: ${describeConfig(config)}${saved ? ` | resuming after epoch ${saved.epoch}` : ''}`);
  const provenance = await collectProvenance();
  const built = buildModel(config.model.architecture, data.train.imageShape, data.labels.length);
  const model = await applyArchitectureOptions(built, { batchNorm: config.model.batchNorm, dropout: config.model.dropout, seed: config.seed });
  try {
    const result = await trainModel(model, { ...data, classes: data.labels.length }, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer: config.optimizer,
      schedule: config.schedule,
      reduceLrOnPlateau: config.reduceLrOnPlateau,
      earlyStopping: config.earlyStopping,
      regularization: config.regularization,
      gradientClipNorm: config.gradientClipNorm,
      augmentation: config.augmentation,
      seed: config.seed,
      checkpoint: { dir: checkpointDir, resume: options.resume, meta: { config } },
      onBatchEnd: options.onBatchEnd,
      onEpochEnd: options.onEpochEnd,
    });
    const test = evaluateModel(model, data.test, data.labels.length);
    const calibration = fitTemperature(evaluateModel(model, data.validation, data.labels.length).probabilities, data.validation.labels, data.labels.length);
    const last = result.history.at(-1);
    const record: RunRecord = {
      task: 'image-classification',
      name: config.name,
      labels: data.labels,
      preprocessing: MNIST_PREPROCESSING,
      imageShape: data.train.imageShape,
      training: {
        architecture: config.model.architecture,
        dataset: data.name,
        epochs: config.epochs,
        batchSize: config.batchSize,
        optimizer: config.optimizer.type,
        learningRate: config.optimizer.learningRate,
        seed: config.seed,
        backend: backend.name,
        trainExamples: data.train.count,
        validationExamples: data.validation.count,
        tfjsVersion: tf.version.tfjs,
        config,
        ...provenance,
        ...(result.resumedFromEpoch ? { resumedFromEpoch: result.resumedFromEpoch } : {}),
        ...(result.stoppedEarly ? { stoppedEarly: true } : {}),
        ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch } : {}),
      },
      metrics: {
        testAccuracy: test.accuracy,
        testLoss: test.loss,
        testSamples: test.samples,
        ...(last ? { validationAccuracy: last.validationAccuracy } : {}),
        trainSeconds: result.seconds,
        samplesPerSecond: result.samplesPerSecond,
        parameters: model.countParams(),
        epochsTrained: result.history.length,
        temperature: calibration.temperature,
        validationEce: calibration.ece,
        validationEceCalibrated: calibration.eceCalibrated,
      },
      history: result.history,
      createdAt: new Date().toISOString(),
    };
    await saveRun(options.outDir, model, record);
    log(`saved run to ${path.relative(process.cwd(), options.outDir) || '.'}`);
    return record;
  } finally {
    model.dispose();
  }
}

function describeConfig(config: RunConfig): string {
  const parts = [
    `${config.model.architecture}${config.model.batchNorm ? '+bn' : ''}`,
    `${config.optimizer.type} lr ${config.optimizer.learningRate}`,
    `${config.epochs} epochs × batch ${config.batchSize}`,
    `seed ${config.seed}`,
  ];
  if (config.schedule.type !== 'constant') parts.push(`${config.schedule.type} schedule`);
  if (config.reduceLrOnPlateau) parts.push(`reduce lr on plateau (patience ${config.reduceLrOnPlateau.patience})`);
  if (config.earlyStopping) parts.push(`early stopping (patience ${config.earlyStopping.patience})`);
  if (config.gradientClipNorm !== undefined) parts.push(`clip norm ${config.gradientClipNorm}`);
  if (config.regularization.l1 || config.regularization.l2) parts.push(`l1 ${config.regularization.l1} l2 ${config.regularization.l2}`);
  if (config.augmentation) parts.push('augmentation');
  return parts.join(' | ');
}
