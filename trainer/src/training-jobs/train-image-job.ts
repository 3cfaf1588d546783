import path from 'node:path';
import type { TrainingJobRequest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { buildQuantizedRun } from '../pipeline/build-quantized-run.ts';
import { buildRunVersion } from '../pipeline/build-run-version.ts';
import { trainRun } from '../pipeline/train-run.ts';
import { selectBackend } from '../tf.ts';
import type { TaskJobParams, TrainedJob } from './trained-job.ts';

export type ImageJobRequest = Extract<TrainingJobRequest, { task: 'image-classification' }>;

/** MNIST's training images before the validation split. */
const MNIST_TRAIN_IMAGES = 60_000;

/**
 * Trains an image job as `trainer train` does (the run config, checkpoints, evaluation on the test
 * split, temperature fit), in `workDir`, then builds its version: the int8 one when asked and it
 * keeps accuracy (as `npm start` publishes), else the float export.
 */
export async function trainImageJob(params: TaskJobParams<ImageJobRequest>): Promise<TrainedJob> {
  const { request } = params;
  if (request.dataset !== 'mnist') throw new TrainerError('invalid_argument', `image jobs train on the built-in mnist dataset in this runner, not ${request.dataset}`);
  if (request.after.distil || request.after.prune) throw new TrainerError('invalid_argument', 'this runner does not distil or prune in a training job yet: use `trainer optimize` on the run');
  await selectBackend({ backend: params.backend });
  const dir = path.join(params.workDir, 'run');
  const { limits = {}, run } = request;
  const validation = Math.round(MNIST_TRAIN_IMAGES * (limits.validationFraction ?? 1 / 12));
  const examples = Math.min(MNIST_TRAIN_IMAGES - validation, limits.trainLimit ?? Infinity);
  const record = await trainRun({
    config: { ...run, name: request.model, dataset: { name: 'mnist', ...limits } },
    outDir: dir,
    onBatchEnd: () => params.signal.throwIfAborted(),
    onEpochEnd: (log) => params.onEpoch(log, { name: 'train', epochs: run.epochs, examples }),
    log: params.log,
  });
  if (!request.after.int8) return { versions: [await buildRunVersion({ dir, name: request.model })], metrics: record.metrics, report: {} };
  const quantized = await buildQuantizedRun({ dir, name: request.model, log: params.log });
  return {
    versions: [quantized.version],
    metrics: quantized.version.manifest.metrics,
    report: { int8: { kept: quantized.quantized, floatAccuracy: quantized.floatAccuracy, int8Accuracy: quantized.int8Accuracy, floatBytes: quantized.floatBytes, int8Bytes: quantized.int8Bytes } },
  };
}
