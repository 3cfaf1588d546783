import type { Dataset, TrainingJobRequest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/**
 * What the request's schema cannot see without the dataset: the dataset is of the job's task (the
 * schema itself refuses text jobs' `distil`/`prune` and a student of another task). A 400
 * `validation_failed` saying what differs.
 */
export function checkJobFitsDataset(request: TrainingJobRequest, dataset: Dataset): void {
  if (dataset.task !== request.task) {
    throw new EdgeError('validation_failed', `dataset "${dataset.id}" is for ${dataset.task}; a ${request.task} job cannot train on it`, { datasetTask: dataset.task, jobTask: request.task });
  }
}
