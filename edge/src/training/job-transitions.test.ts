import { MAX_TRAINING_EVENTS, trainingJobSchema, type TrainingEvent, type TrainingJob } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { appendTrainingEvents, cancelTrainingJob, claimTrainingJob, completeTrainingJob, releaseTrainingJob, startPublishing, type JobChange } from './job-transitions.ts';

const NOW = new Date('2026-12-01T08:00:00.000Z');
const LATER = new Date('2026-12-01T08:10:00.000Z');
const queued: TrainingJob = trainingJobSchema.parse({
  schemaVersion: 1,
  id: 'tj-20261201080000-abcdef12',
  request: { task: 'text-classification', model: 'spam', dataset: 'spam' },
  status: 'queued',
  owner: 'alice',
  events: [],
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
});
const log = (message: string): TrainingEvent => ({ type: 'log', at: NOW.toISOString(), message });

function refusal(change: JobChange, job: TrainingJob, now = NOW): { code: string; message: string } {
  try {
    change(job, now);
  } catch (error) {
    if (error instanceof EdgeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the change was not refused');
}

describe('training job transitions', () => {
  it('lets one runner claim a queued job; another gets conflict until the lease expires', () => {
    const running = claimTrainingJob('a', 300)(queued, NOW);
    expect(running).toMatchObject({ status: 'running', lease: { owner: 'a', expiresAt: '2026-12-01T08:05:00.000Z' }, startedAt: NOW.toISOString() });
    expect(refusal(claimTrainingJob('b', 300), running)).toMatchObject({ code: 'conflict', message: expect.stringContaining('leased to a') });
    expect(claimTrainingJob('b', 300)(running, LATER)).toMatchObject({ lease: { owner: 'b' }, startedAt: NOW.toISOString() });
  });

  it('appends events for the lease holder only, renewing its lease, up to MAX_TRAINING_EVENTS', () => {
    const running = claimTrainingJob('a', 300)(queued, NOW);
    const after = appendTrainingEvents('a', 600, [log('epoch 1')])(running, LATER);
    expect(after.events).toHaveLength(1);
    expect(after.lease?.expiresAt).toBe('2026-12-01T08:20:00.000Z');
    expect(refusal(appendTrainingEvents('b', 600, [log('x')]), running).code).toBe('conflict');
    const full = { ...running, events: Array.from({ length: MAX_TRAINING_EVENTS }, () => log('x')) };
    expect(refusal(appendTrainingEvents('a', 600, [log('one more')]), full).code).toBe('limit_exceeded');
  });

  it('cancels queued and running jobs, then tells the runner job_cancelled and refuses a second cancel', () => {
    expect(cancelTrainingJob()(queued, NOW)).toMatchObject({ status: 'cancelled', finishedAt: NOW.toISOString() });
    const cancelled = cancelTrainingJob()(claimTrainingJob('a', 300)(queued, NOW), NOW);
    expect(cancelled.lease).toBeUndefined();
    for (const change of [appendTrainingEvents('a', 300, [log('x')]), startPublishing('a'), completeTrainingJob('a', { status: 'succeeded', result: { metrics: {} } }), releaseTrainingJob('a', undefined)]) {
      expect(refusal(change, cancelled).code).toBe('job_cancelled');
    }
    expect(refusal(cancelTrainingJob(), cancelled)).toEqual({ code: 'invalid_state', message: 'job "tj-20261201080000-abcdef12" is cancelled: it cannot be cancelled (it has ended)' });
  });

  it('cannot cancel once publishing; completes from publishing and drops the lease', () => {
    const publishing = startPublishing('a')(claimTrainingJob('a', 300)(queued, NOW), NOW);
    expect(publishing.status).toBe('publishing');
    expect(refusal(cancelTrainingJob(), publishing).message).toContain('is publishing: it cannot be cancelled');
    const done = completeTrainingJob('a', { status: 'succeeded', result: { version: '20261201T081000Z-77aa33cc', channel: 'canary', metrics: { testAccuracy: 0.9 } } })(publishing, LATER);
    expect(done).toMatchObject({ status: 'succeeded', result: { channel: 'canary' }, finishedAt: LATER.toISOString() });
    expect(done.lease).toBeUndefined();
    expect(refusal(cancelTrainingJob(), done).code).toBe('invalid_state');
  });

  it('releases a running job back to the queue with a log event naming who and why', () => {
    const released = releaseTrainingJob('a', 'SIGTERM')(claimTrainingJob('a', 300)(queued, NOW), LATER);
    expect(released).toMatchObject({ status: 'queued', events: [{ type: 'log', message: 'released by a: SIGTERM' }] });
    expect(released.lease).toBeUndefined();
    expect(trainingJobSchema.safeParse(released).success).toBe(true);
  });
});
