import { jobsPrefix, retrainJobSchema, type RetrainJob } from '@edgeml/shared';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimJob, completeJob, releaseJob, updateJob } from './update-job.ts';

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

describe('updateJob against R2 (Miniflare), with a fake clock', () => {
  const key = `${jobsPrefix('mnist')}${pending.id}.json`;
  const at = (ms: number) => () => new Date(now.getTime() + ms);
  let miniflare: Miniflare;
  let bucket: R2Bucket;

  beforeAll(async () => {
    miniflare = new Miniflare({ modules: true, script: 'export default { fetch: () => new Response(null) }', r2Buckets: ['MODELS'] });
    // Miniflare's R2Bucket is the workers-types one re-declared for Node: the same API.
    bucket = (await miniflare.getR2Bucket('MODELS')) as unknown as R2Bucket;
  });
  afterAll(() => miniflare.dispose());
  beforeEach(async () => {
    await bucket.put(key, JSON.stringify(pending));
  });

  async function stored(): Promise<RetrainJob> {
    return retrainJobSchema.parse(await (await bucket.get(key))!.json());
  }

  it('refuses another runner until the lease expires by the clock, then hands it over', async () => {
    await updateJob(bucket, 'mnist', pending.id, claimJob('crashed', 60), at(0));
    await expect(updateJob(bucket, 'mnist', pending.id, claimJob('b', 60), at(59_999))).rejects.toMatchObject({ code: 'conflict' });
    expect((await stored()).lease?.owner).toBe('crashed');

    const taken = await updateJob(bucket, 'mnist', pending.id, claimJob('b', 60), at(60_001));
    expect(taken).toMatchObject({ status: 'running', lease: { owner: 'b', expiresAt: '2026-11-28T12:02:00.001Z' }, updatedAt: '2026-11-28T12:01:00.001Z' });
    expect(await stored()).toEqual(taken);
  });

  it('keeps a renewed lease past its first length', async () => {
    await updateJob(bucket, 'mnist', pending.id, claimJob('a', 60), at(0));
    await updateJob(bucket, 'mnist', pending.id, claimJob('a', 60), at(20_000));
    await expect(updateJob(bucket, 'mnist', pending.id, claimJob('b', 60), at(61_000))).rejects.toMatchObject({ code: 'conflict' });
    expect((await updateJob(bucket, 'mnist', pending.id, claimJob('b', 60), at(80_001))).lease?.owner).toBe('b');
  });

  it('lands exactly one of several claims made at once (the etag condition)', async () => {
    const claims = await Promise.allSettled(['a', 'b', 'c', 'd'].map((owner) => updateJob(bucket, 'mnist', pending.id, claimJob(owner, 60), at(0))));
    const won = claims.filter((claim) => claim.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(claims.filter((claim) => claim.status === 'rejected').map((claim) => claim.reason.code)).toEqual(['conflict', 'conflict', 'conflict']);
    expect((await stored()).lease?.owner).toBe(won[0]!.value.lease?.owner);
  });
});
