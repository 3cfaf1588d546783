import { jobKey, retrainJobSchema, type RetrainJob } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { updateStoredJson } from '../storage/update-stored-json.ts';
import { clipInput } from '../errors/clip-input.ts';

/**
 * Replaces a retrain job with `change(current)`, guarded by its etag (`updateStoredJson`): of two
 * runners claiming one job at once, exactly one write lands; the other gets 409 `conflict`.
 */
export async function updateJob(
  bucket: R2Bucket,
  name: string,
  id: string,
  change: (job: RetrainJob, now: Date) => RetrainJob,
  clock: () => Date = () => new Date(),
): Promise<RetrainJob> {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(id)) throw new EdgeError('not_found', `no job "${clipInput(id)}"`);
  return updateStoredJson(bucket, jobKey(name, id), retrainJobSchema, change, {
    missing: () => new EdgeError('not_found', `model "${name}" has no job "${id}"`),
    conflictMessage: `job "${id}" changed meanwhile (another runner?)`,
    clock,
  });
}

/** Takes the lease of a pending job, of a running one whose lease expired, or renews the caller's own. */
export function claimJob(owner: string, leaseSeconds: number): (job: RetrainJob, now: Date) => RetrainJob {
  return (job, now) => {
    const leaseLive = job.lease !== undefined && Date.parse(job.lease.expiresAt) > now.getTime();
    const claimable = job.status === 'pending' || (job.status === 'running' && (!leaseLive || job.lease?.owner === owner));
    if (!claimable) throw new EdgeError('conflict', `job "${job.id}" is ${job.status}${leaseLive ? ` and leased to ${job.lease!.owner}` : ''}`);
    return { ...job, status: 'running', lease: { owner, expiresAt: new Date(now.getTime() + leaseSeconds * 1000).toISOString() } };
  };
}

/** Records a job's end; only the lease holder may. */
export function completeJob(owner: string, status: 'succeeded' | 'failed', outcome: Record<string, unknown>): (job: RetrainJob) => RetrainJob {
  return (job) => {
    if (job.status !== 'running' || job.lease?.owner !== owner) throw new EdgeError('conflict', `job "${job.id}" is not running under a lease of ${owner}`);
    return { ...job, status, outcome, lease: undefined };
  };
}

/** Gives a running job back to the queue (pending, no lease) with why; only the lease holder may. */
export function releaseJob(owner: string, reason: string | undefined): (job: RetrainJob, now: Date) => RetrainJob {
  return (job, now) => {
    if (job.status !== 'running' || job.lease?.owner !== owner) throw new EdgeError('conflict', `job "${job.id}" is not running under a lease of ${owner}`);
    return { ...job, status: 'pending', lease: undefined, outcome: { released: { by: owner, at: now.toISOString(), ...(reason ? { reason } : {}) } } };
  };
}
