import { trainingJobSchema, type TrainingJob, type TrainingJobRequest } from '@edgeml/shared';
import { readDataset } from '../datasets/dataset-store.ts';
import { EdgeError } from '../errors/edge-error.ts';
import type { Principal } from '../tokens/principal.ts';
import { checkJobRequest } from './check-job-request.ts';
import { ACTIVE_STATUSES } from './job-transitions.ts';
import { randomId } from './random-id.ts';
import { createTrainingJob, listTrainingJobs } from './training-job-store.ts';

/**
 * Queues a job: its dataset must exist for `principal` (404 `dataset_not_found`), the request must
 * fit it (`checkJobRequest`), and a scoped token must be under its `maxRunningJobs` counting its
 * queued, running and publishing jobs (429 `limit_exceeded`).
 */
export async function submitTrainingJob(bucket: R2Bucket, principal: Principal, request: TrainingJobRequest, now = new Date()): Promise<TrainingJob> {
  const dataset = await readDataset(bucket, request.dataset, principal);
  await checkJobRequest(bucket, request, dataset);
  if (!principal.admin) {
    const active = (await listTrainingJobs(bucket)).filter((job) => job.owner === principal.name && ACTIVE_STATUSES.includes(job.status));
    const limit = principal.limits.maxRunningJobs;
    if (active.length >= limit) {
      throw new EdgeError('limit_exceeded', `token "${principal.name}" has ${active.length} jobs queued or running, its limit; cancel one or wait`, { limit, jobs: active.map((job) => job.id) });
    }
  }
  return queueTrainingJob(bucket, { request, owner: principal.name }, now);
}

/** Writes a new queued job (the API's, or the cron's retrain with `retrain` set) and answers it. */
export async function queueTrainingJob(bucket: R2Bucket, fields: Pick<TrainingJob, 'request' | 'owner' | 'retrain'>, now = new Date()): Promise<TrainingJob> {
  const job = trainingJobSchema.parse({
    schemaVersion: 1,
    id: randomId('tj', now, 8),
    ...fields,
    status: 'queued',
    events: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  } satisfies TrainingJob);
  await createTrainingJob(bucket, job);
  return job;
}
