import { MAX_TRAINING_EVENTS, type TrainingEvent, type TrainingJob, type TrainingJobStatus } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/** A change to a job, applied by `updateTrainingJob` under the job's etag; throws EdgeError to refuse. */
export type JobChange = (job: TrainingJob, now: Date) => TrainingJob;

/** Statuses that hold a token's allowance of running jobs and keep their dataset from being deleted. */
export const ACTIVE_STATUSES: readonly TrainingJobStatus[] = ['queued', 'running', 'publishing'];

function leaseFor(owner: string, seconds: number, now: Date): TrainingJob['lease'] {
  return { owner, expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
}

/**
 * A runner's call on a job it leases: 409 `job_cancelled` once the job is cancelled (the runner
 * stops and keeps nothing), 409 `conflict` when the job is not in `statuses` under `owner`'s lease.
 */
function requireLeaseHolder(job: TrainingJob, owner: string, statuses: readonly TrainingJobStatus[]): void {
  if (job.status === 'cancelled') throw new EdgeError('job_cancelled', `job "${job.id}" was cancelled: stop it and publish nothing`, { id: job.id });
  if (!statuses.includes(job.status) || job.lease?.owner !== owner) {
    const leased = job.lease ? `, leased to ${job.lease.owner}` : '';
    throw new EdgeError('conflict', `job "${job.id}" is ${job.status}${leased}: not ${statuses.join(' or ')} under a lease of ${owner}`, { id: job.id, status: job.status });
  }
}

/** Takes a queued job, or a running one whose lease expired (its runner died), or renews `owner`'s own lease. */
export function claimTrainingJob(owner: string, leaseSeconds: number): JobChange {
  return (job, now) => {
    const leaseLive = job.lease !== undefined && Date.parse(job.lease.expiresAt) > now.getTime();
    const claimable = job.status === 'queued' || (job.status === 'running' && (!leaseLive || job.lease?.owner === owner));
    if (!claimable) throw new EdgeError('conflict', `job "${job.id}" is ${job.status}${leaseLive ? ` and leased to ${job.lease!.owner}` : ''}`, { id: job.id, status: job.status });
    return { ...job, status: 'running', lease: leaseFor(owner, leaseSeconds, now), startedAt: job.startedAt ?? now.toISOString() };
  };
}

/** Appends a runner's events and renews its lease; refuses past MAX_TRAINING_EVENTS. */
export function appendTrainingEvents(owner: string, leaseSeconds: number, events: readonly TrainingEvent[]): JobChange {
  return (job, now) => {
    requireLeaseHolder(job, owner, ['running', 'publishing']);
    if (job.events.length + events.length > MAX_TRAINING_EVENTS) {
      throw new EdgeError('limit_exceeded', `job "${job.id}" has ${job.events.length} events; at most ${MAX_TRAINING_EVENTS} are kept`, { limit: MAX_TRAINING_EVENTS });
    }
    return { ...job, events: [...job.events, ...events], lease: leaseFor(owner, leaseSeconds, now) };
  };
}

/** Running → publishing: from here the job can no longer be cancelled, so nothing is left half-published. */
export function startPublishing(owner: string): JobChange {
  return (job) => {
    requireLeaseHolder(job, owner, ['running']);
    return { ...job, status: 'publishing' };
  };
}

/** Records a job's end (what it made, or why it failed) and drops the lease. */
export function completeTrainingJob(owner: string, outcome: Pick<TrainingJob, 'result' | 'error'> & { status: 'succeeded' | 'failed' }): JobChange {
  return (job, now) => {
    requireLeaseHolder(job, owner, ['running', 'publishing']);
    return { ...job, ...outcome, lease: undefined, finishedAt: now.toISOString() };
  };
}

/** Running → queued, unfinished (the runner was told to stop), with a log event saying so. */
export function releaseTrainingJob(owner: string, reason: string | undefined): JobChange {
  return (job, now) => {
    requireLeaseHolder(job, owner, ['running']);
    const note: TrainingEvent = { type: 'log', at: now.toISOString(), message: `released by ${owner}${reason ? `: ${reason}` : ''}` };
    return { ...job, status: 'queued', lease: undefined, events: job.events.length < MAX_TRAINING_EVENTS ? [...job.events, note] : job.events };
  };
}

/** Queued or running → cancelled with the lease dropped; the runner learns it at its next call. */
export function cancelTrainingJob(): JobChange {
  return (job, now) => {
    if (job.status !== 'queued' && job.status !== 'running') {
      const why = job.status === 'publishing' ? 'it is publishing its result' : 'it has ended';
      throw new EdgeError('invalid_state', `job "${job.id}" is ${job.status}: it cannot be cancelled (${why})`, { id: job.id, status: job.status });
    }
    return { ...job, status: 'cancelled', lease: undefined, finishedAt: now.toISOString() };
  };
}
