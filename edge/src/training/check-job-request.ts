import { channelsKey, manifestKey, modelChannelsSchema, anyModelManifestSchema, type Dataset, type TrainingJobRequest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readJson } from '../storage/read-json.ts';
import { checkJobFitsDataset } from './check-job-fits-dataset.ts';

/**
 * What the request's schema cannot see: the job fits its dataset and the runner
 * (`checkJobFitsDataset`), and a model already published has the dataset's labels (a new version must
 * answer with the labels its clients know). Each a 400 `validation_failed` saying what differs.
 */
export async function checkJobRequest(bucket: R2Bucket, request: TrainingJobRequest, dataset: Dataset): Promise<void> {
  checkJobFitsDataset(request, dataset);
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
