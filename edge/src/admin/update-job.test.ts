import type { RetrainJob } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { claimJob, completeJob, releaseJob } from './update-job.ts';

const now = new Date('2026-11-28T12:00:00.000Z');
const pending: RetrainJob = {
  schemaVersion: 1,
  id: 'j1',
  model: 'mnist',
  status: 'pending',
  reason: 'accuracy',
  createdAt: '2026-11-28T11:00:00.000Z',
  evaluation: { version: 'v1', accuracy: 0.5, examples: 40 },
  updatedAt: '2026-11-28T11:00:00.000Z',
};

describe('claimJob', () => {
  it('leases a pending job for leaseSeconds', () => {
    const claimed = claimJob('a', 60)(pending, now);
    expect(claimed).toMatchObject({ status: 'running', lease: { owner: 'a', expiresAt: '2026-11-28T12:01:00.000Z' } });
  });

  it('refuses a live lease of another runner, takes over an expired one, renews its own', () => {
    const running = claimJob('a', 60)(pending, now);
    expect(() => claimJob('b', 60)(running, now)).toThrow(/leased to a/);
    expect(claimJob('b', 60)(running, new Date(now.getTime() + 61_000)).lease?.owner).toBe('b');
    expect(claimJob('a', 120)(running, now).lease?.expiresAt).toBe('2026-11-28T12:02:00.000Z');
  });

  it('refuses finished jobs', () => {
    expect(() => claimJob('a', 60)({ ...pending, status: 'succeeded' }, now)).toThrow(/succeeded/);
  });
});

describe('completeJob', () => {
  it('lets only the lease holder record the outcome', () => {
    const running = claimJob('a', 60)(pending, now);
    expect(() => completeJob('b', 'succeeded', {})(running)).toThrow(/not running under a lease of b/);
    expect(completeJob('a', 'succeeded', { accuracy: 0.99 })(running)).toMatchObject({ status: 'succeeded', outcome: { accuracy: 0.99 }, lease: undefined });
  });
});

describe('releaseJob', () => {
  it('gives the lease holder\'s job back to the queue, claimable at once by another runner', () => {
    const running = claimJob('a', 600)(pending, now);
    expect(() => releaseJob('b', undefined)(running, now)).toThrow(/not running under a lease of b/);
    const released = releaseJob('a', 'SIGTERM')(running, now);
    expect(released).toMatchObject({ status: 'pending', lease: undefined, outcome: { released: { by: 'a', reason: 'SIGTERM' } } });
    expect(claimJob('b', 60)(released, now).lease?.owner).toBe('b');
    expect(() => releaseJob('a', undefined)({ ...running, status: 'succeeded' }, now)).toThrow(/not running/);
  });
});
