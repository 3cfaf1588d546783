import type { TrainingJob } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { RunnerLease, TrainingApiClient } from './training-api-client.ts';

/**
 * Claims the oldest queued training job, or a running one whose lease has expired (its runner
 * died). The worker's etag-conditional write decides races: a job another runner took first
 * answers 409 and the next one is tried. Null when there is none.
 */
export async function claimNextTrainingJob(client: TrainingApiClient, lease: RunnerLease, now = () => Date.now()): Promise<TrainingJob | null> {
  for (const job of await client.jobs()) {
    const expired = job.status === 'running' && job.lease !== undefined && Date.parse(job.lease.expiresAt) <= now();
    if (job.status !== 'queued' && !expired) continue;
    try {
      return await client.claim(job.id, lease);
    } catch (error) {
      if (error instanceof TrainerError && (error.code === 'conflict' || error.code === 'not_found')) continue;
      throw error;
    }
  }
  return null;
}
