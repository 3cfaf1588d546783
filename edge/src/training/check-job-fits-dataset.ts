import { IMAGE_ARCHITECTURES, type Dataset, type TrainingJobRequest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/**
 * What the request's schema cannot see without the dataset, and what the runner cannot do: the
 * dataset is of the job's task; distil and prune are image-only (the shrink code trains on image
 * batches); a student is an image architecture. Each a 400 `validation_failed` saying what differs.
 */
export function checkJobFitsDataset(request: TrainingJobRequest, dataset: Dataset): void {
  if (dataset.task !== request.task) {
    throw new EdgeError('validation_failed', `dataset "${dataset.id}" is for ${dataset.task}; a ${request.task} job cannot train on it`, { datasetTask: dataset.task, jobTask: request.task });
  }
  const shrink = (['distil', 'prune'] as const).filter((step) => request.after[step] !== undefined);
  if (request.task === 'text-classification' && shrink.length > 0) {
    throw new EdgeError('validation_failed', `after.${shrink.join(' and after.')}: text jobs cannot be distilled or pruned (image-classification jobs only); drop it, or train a smaller architecture directly`, { unsupported: shrink });
  }
  const student = request.after.distil?.architecture;
  const allowed: readonly string[] = IMAGE_ARCHITECTURES;
  if (student !== undefined && !allowed.includes(student)) {
    throw new EdgeError('validation_failed', `after.distil.architecture "${student}" is not a ${request.task} architecture (${allowed.join(', ')})`, { allowed });
  }
}
