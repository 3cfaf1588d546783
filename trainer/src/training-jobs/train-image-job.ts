import path from 'node:path';
import type { TrainingJobRequest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { buildQuantizedRun } from '../pipeline/build-quantized-run.ts';
import { buildRunVersion } from '../pipeline/build-run-version.ts';
import type { ImageDataset } from '../data/dataset.ts';
import { MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { loadUploadedImages } from '../data/load-uploaded-images.ts';
import { trainRun } from '../pipeline/train-run.ts';
import { selectBackend } from '../tf.ts';
import { downloadDataset } from './download-dataset.ts';
import type { TaskJobParams, TrainedJob } from './trained-job.ts';
import type { TrainingApiClient } from './training-api-client.ts';

export type ImageJobRequest = Extract<TrainingJobRequest, { task: 'image-classification' }>;

/** MNIST's training images before the validation split. */
const MNIST_TRAIN_IMAGES = 60_000;

/**
 * Trains an image job as `trainer train` does (the run config, checkpoints, evaluation on the test
 * split, temperature fit), in `workDir`, on the built-in `mnist` or an uploaded image dataset, then builds its version: the int8 one when asked and it
 * keeps accuracy (as `npm start` publishes), else the float export.
 */
export async function trainImageJob(params: TaskJobParams<ImageJobRequest>): Promise<TrainedJob> {
  const { request } = params;
  if (request.dataset === 'fashion-mnist') throw new TrainerError('invalid_argument', 'this runner has no fashion-mnist data (the fashion-mnist package is not installed): upload it as IDX or train on mnist');
  if (request.after.distil || request.after.prune) throw new TrainerError('invalid_argument', 'this runner does not distil or prune in a training job yet: use `trainer optimize` on the run');
  await selectBackend({ backend: params.backend });
  const dir = path.join(params.workDir, 'run');
  const { limits = {}, run } = request;
  const data = request.dataset === 'mnist' ? undefined : await downloadImages(params.client, request, params.log);
  const validation = Math.round(MNIST_TRAIN_IMAGES * (limits.validationFraction ?? 1 / 12));
  const examples = data?.train.count ?? Math.min(MNIST_TRAIN_IMAGES - validation, limits.trainLimit ?? Infinity);
  const record = await trainRun({
    config: { ...run, name: request.model, dataset: { name: 'mnist', ...limits } },
    ...(data ? { data } : {}),
    outDir: dir,
    prepareData: params.prepareData,
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

/** An uploaded image dataset, preprocessed as the worker serves digits and split by the run's seed. */
async function downloadImages(client: TrainingApiClient, request: ImageJobRequest, log: (line: string) => void): Promise<ImageDataset> {
  const { summary, bytes } = await downloadDataset(client, request.dataset, 'image-classification');
  const { format } = summary;
  if (format !== 'zip' && format !== 'tar' && format !== 'idx') throw new TrainerError('invalid_argument', `dataset ${summary.id} is ${format ?? 'of no format'}: image jobs read zip, tar or idx`);
  const { skipped, ...data } = loadUploadedImages({ name: summary.id, format, bytes, labels: summary.labels, preprocessing: MNIST_PREPROCESSING, seed: request.run.seed, ...request.limits });
  log(`dataset ${summary.id} (${summary.name}): ${data.train.count} train, ${data.validation.count} validation, ${data.test.count} test images${skipped ? `, ${skipped} left out (problems or no digit-like ink)` : ''}`);
  return data;
}
