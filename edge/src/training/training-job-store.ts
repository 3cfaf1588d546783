import { listAll, TRAINING_JOBS_PREFIX, trainingJobKey, trainingJobSchema, type TrainingJob } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { clipInput } from '../errors/clip-input.ts';
import { readJson } from '../storage/read-json.ts';
import { readJsonEach } from '../storage/read-json-each.ts';
import { updateStoredJson } from '../storage/update-stored-json.ts';
import type { JobChange } from './job-transitions.ts';

function jobNotFound(id: string): EdgeError {
  return new EdgeError('job_not_found', `no training job "${clipInput(id)}"`, { id: clipInput(id) });
}

/** The job's key, once its id is of the id's form (anything else is no job, not a key to try). */
function jobKeyOf(id: string): string {
  if (!trainingJobSchema.shape.id.safeParse(id).success) throw jobNotFound(id);
  return trainingJobKey(id);
}

/** A job by id; 404 `job_not_found` when there is none. */
export async function readTrainingJob(bucket: R2Bucket, id: string): Promise<TrainingJob> {
  const job = await readJson(bucket, jobKeyOf(id), trainingJobSchema);
  if (!job) throw jobNotFound(id);
  return job;
}

/** Every readable job, newest first (ids begin with their creation time). */
export async function listTrainingJobs(bucket: R2Bucket): Promise<TrainingJob[]> {
  const { keys } = await listAll(bucket, TRAINING_JOBS_PREFIX);
  return readJsonEach(bucket, keys.sort().reverse(), trainingJobSchema);
}

/** Applies `change` to a job under its etag: of two runners claiming at once, one wins and the other gets 409 `conflict`. */
export function updateTrainingJob(bucket: R2Bucket, id: string, change: JobChange): Promise<TrainingJob> {
  return updateStoredJson(bucket, jobKeyOf(id), trainingJobSchema, change, { missing: () => jobNotFound(id), conflictMessage: `job "${id}" changed meanwhile (another runner?); read it again` });
}

/** Writes a new job, refusing to overwrite one (ids are random, so a clash is a retry's). */
export async function createTrainingJob(bucket: R2Bucket, job: TrainingJob): Promise<void> {
  const written = await bucket.put(trainingJobKey(job.id), JSON.stringify(job, null, 2), { httpMetadata: { contentType: 'application/json' }, onlyIf: { etagDoesNotMatch: '*' } });
  if (!written) throw new EdgeError('conflict', `job "${job.id}" exists already`);
}
