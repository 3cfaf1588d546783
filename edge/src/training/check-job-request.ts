import { channelsKey, IMAGE_ARCHITECTURES, manifestKey, modelChannelsSchema, TEXT_ARCHITECTURES, anyModelManifestSchema, type Dataset, type TrainingJobRequest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readJson } from '../storage/read-json.ts';

const ARCHITECTURES = { 'image-classification': IMAGE_ARCHITECTURES, 'text-classification': TEXT_ARCHITECTURES } as const;

/**
 * What the request's schema cannot see: the dataset is of the job's task, a student is of the
 * task's architectures, and a model already published has the dataset's labels (a new version must
 * answer with the labels its clients know). Each a 400 `validation_failed` saying what differs.
 */
export async function checkJobRequest(bucket: R2Bucket, request: TrainingJobRequest, dataset: Dataset): Promise<void> {
  if (dataset.task !== request.task) {
    throw new EdgeError('validation_failed', `dataset "${dataset.id}" is for ${dataset.task}; a ${request.task} job cannot train on it`, { datasetTask: dataset.task, jobTask: request.task });
  }
  const student = request.after.distil?.architecture;
  const allowed: readonly string[] = ARCHITECTURES[request.task];
  if (student !== undefined && !allowed.includes(student)) {
    throw new EdgeError('validation_failed', `after.distil.architecture "${student}" is not a ${request.task} architecture (${allowed.join(', ')})`, { allowed });
  }
  const channels = await readJson(bucket, channelsKey(request.model), modelChannelsSchema, { onInvalid: 'skip' });
  const production = channels ? await readJson(bucket, manifestKey(request.model, channels.production), anyModelManifestSchema, { onInvalid: 'skip' }) : null;
  if (!production) return;
  if (production.task !== request.task) {
    throw new EdgeError('validation_failed', `model "${request.model}" is a ${production.task} model; a ${request.task} job cannot publish to it`, { modelTask: production.task, jobTask: request.task });
  }
  const modelLabels = [...production.labels].sort().join('\n');
  if (modelLabels !== [...dataset.labels].sort().join('\n')) {
    throw new EdgeError('validation_failed', `dataset "${dataset.id}" has the labels ${dataset.labels.join(', ')}; model "${request.model}" in production has ${production.labels.join(', ')}`, {
      datasetLabels: dataset.labels,
      modelLabels: production.labels,
    });
  }
}
