import type { RetrainJob } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { AdminApiClient } from '../registry/admin-api-client.ts';

export interface JobLease {
  owner: string;
  leaseSeconds: number;
}

/**
 * Claims the oldest claimable job of a model through the admin API: a pending one, or a running
 * one whose lease has expired (its runner died). The worker's etag-conditional write decides
 * races, so a job another runner holds answers 409 and the next job is tried. Null when none.
 */
export async function claimNextJob(client: AdminApiClient, name: string, lease: JobLease, now = () => Date.now()): Promise<RetrainJob | null> {
  const jobs = await client.jobs(name);
  for (const job of jobs) {
    const expired = job.status === 'running' && job.lease !== undefined && Date.parse(job.lease.expiresAt) <= now();
    if (job.status !== 'pending' && !expired) continue;
    try {
      return await client.claimJob(name, job.id, lease);
    } catch (error) {
      if (error instanceof TrainerError && error.code === 'conflict') continue;
      throw error;
    }
  }
  return null;
}
