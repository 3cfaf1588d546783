import path from 'node:path';
import type { TrainingJobRequest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ImageDataset } from '../data/dataset.ts';
import { loadBuiltinImages, type BuiltinImageDataset } from '../data/load-builtin-images.ts';
import { MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { loadUploadedImages } from '../data/load-uploaded-images.ts';
import { trainRun } from '../pipeline/train-run.ts';
import { shrinkTrainedRun } from '../shrink/shrink-trained-run.ts';
import { selectBackend } from '../tf.ts';
import { downloadDataset } from './download-dataset.ts';
import type { TaskJobParams, TrainedJob } from './trained-job.ts';
import type { TrainingApiClient } from './training-api-client.ts';

export type ImageJobRequest = Extract<TrainingJobRequest, { task: 'image-classification' }>;

/**
 * Trains an image job as `trainer train` does (the run config, checkpoints, evaluation on the test
 * split, temperature fit), in `workDir`, on a built-in dataset (`mnist`, `fashion-mnist`) or an
 * uploaded one; then, as `after` says, distils, prunes and exports int8 (`shrinkTrainedRun`), each
 * step's epochs reported and stopped by the job's signal as training's are. The version is the last step's.
 */
export async function trainImageJob(params: TaskJobParams<ImageJobRequest>): Promise<TrainedJob> {
  const { request } = params;
  await selectBackend({ backend: params.backend });
  const dir = path.join(params.workDir, 'run');
  const { run, after } = request;
  const loaded = await loadImages(params.client, request, params.log);
  const data = params.feedback ? { ...loaded, train: params.feedback.mix(loaded.train) } : loaded;
  const examples = data.train.count;
  await trainRun({
    // Its data is loaded here; the config records what it was.
    config: { ...run, name: request.model, dataset: { ...(isBuiltin(request.dataset) ? { name: request.dataset } : {}), ...request.limits } },
    data,
    outDir: dir,
    onBatchEnd: () => params.signal.throwIfAborted(),
    onEpochEnd: (log) => params.onEpoch(log, { name: 'train', epochs: run.epochs, examples }),
    log: params.log,
  });
  const shrunk = await shrinkTrainedRun({
    runDir: dir,
    data,
    outDir: path.join(params.workDir, 'shrink'),
    name: request.model,
    seed: run.seed,
    batchSize: run.batchSize,
    ...(after.distil ? { distil: after.distil } : {}),
    ...(after.prune ? { prune: after.prune } : {}),
    int8: after.int8,
    job: { signal: params.signal, onBatchEnd: params.onBatchEnd, onEpoch: (phase, log, epochs) => params.onEpoch(log, { name: phase, epochs, examples }) },
    log: params.log,
  });
  const test = { kind: 'images' as const, split: data.test, labels: data.labels, preprocessing: data.preprocessing };
  return { versions: [shrunk.version], metrics: shrunk.version.manifest.metrics, report: shrunk.report, test };
}

/** A built-in dataset, or an upload preprocessed as the worker serves digits and split by the run's seed. */
async function loadImages(client: TrainingApiClient, request: ImageJobRequest, log: (line: string) => void): Promise<ImageDataset> {
  const { limits = {}, run } = request;
  if (isBuiltin(request.dataset)) return loadBuiltinImages(request.dataset, { ...limits, seed: run.seed });
  const { summary, bytes } = await downloadDataset(client, request.dataset, 'image-classification');
  const { format } = summary;
  if (format !== 'zip' && format !== 'tar' && format !== 'idx') throw new TrainerError('invalid_argument', `dataset ${summary.id} is ${format ?? 'of no format'}: image jobs read zip, tar or idx`);
  const { skipped, ...data } = loadUploadedImages({ name: summary.id, format, bytes, labels: summary.labels, preprocessing: MNIST_PREPROCESSING, seed: run.seed, ...limits });
  log(`dataset ${summary.id} (${summary.name}): ${data.train.count} train, ${data.validation.count} validation, ${data.test.count} test images${skipped ? `, ${skipped} left out (problems or no digit-like ink)` : ''}`);
  return data;
}

function isBuiltin(dataset: string): dataset is BuiltinImageDataset {
  return dataset === 'mnist' || dataset === 'fashion-mnist';
}
