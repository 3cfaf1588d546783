import { describe, expect, it } from 'vitest';
import { chargeFeedbackQuota } from './charge-feedback-quota.ts';
import { memoryBucket } from './testdata/memory-bucket.ts';

const NOON = new Date('2026-05-01T12:00:00Z');

describe('chargeFeedbackQuota', () => {
  it('counts examples per client and UTC day and refuses a request that would pass the limit, until midnight', async () => {
    const { bucket, objects } = memoryBucket();
    expect(await chargeFeedbackQuota(bucket, 'token-a', 60, 100, NOON)).toEqual({ allowed: true, remaining: 40 });
    expect(await chargeFeedbackQuota(bucket, 'token-a', 41, 100, NOON)).toEqual({ allowed: false, used: 60, limit: 100, retryAfterSeconds: 12 * 3600, reason: 'spent' });
    expect(await chargeFeedbackQuota(bucket, 'token-a', 40, 100, NOON)).toEqual({ allowed: true, remaining: 0 });
    expect((await chargeFeedbackQuota(bucket, 'token-a', 1, 100, NOON)).allowed).toBe(false);
    // Another client, and the next day, have their own counts.
    expect((await chargeFeedbackQuota(bucket, 'token-b', 1, 100, NOON)).allowed).toBe(true);
    expect((await chargeFeedbackQuota(bucket, 'token-a', 1, 100, new Date('2026-05-02T00:00:01Z'))).allowed).toBe(true);
    expect([...objects.keys()].sort()).toEqual(['feedback-quota/2026-05-01/token-a.json', 'feedback-quota/2026-05-01/token-b.json', 'feedback-quota/2026-05-02/token-a.json']);
  });

  it('reads again when another request wrote the counter between its read and its write', async () => {
    let racing = 2;
    const { bucket, objects } = memoryBucket({
      beforePut: (key) => {
        // Another isolate spends 10 first, twice.
        if (racing-- > 0) objects.set(key, { text: JSON.stringify({ examples: Number(JSON.parse(objects.get(key)?.text ?? '{"examples":0}').examples) + 10 }), etag: `other${racing}` });
      },
    });
    expect(await chargeFeedbackQuota(bucket, 'c', 5, 100, NOON)).toEqual({ allowed: true, remaining: 75 });
  });

  it('gives up with a short Retry-After when the counter keeps changing, and treats an unreadable counter as spent', async () => {
    const { bucket, objects } = memoryBucket({ beforePut: (key) => objects.set(key, { text: '{"examples":1}', etag: crypto.randomUUID() }) });
    expect(await chargeFeedbackQuota(bucket, 'c', 1, 100, NOON)).toMatchObject({ allowed: false, reason: 'busy', retryAfterSeconds: 1 });
    const plain = memoryBucket();
    plain.objects.set('feedback-quota/2026-05-01/d.json', { text: 'not json', etag: 'x' });
    expect(await chargeFeedbackQuota(plain.bucket, 'd', 1, 100, NOON)).toMatchObject({ allowed: false, reason: 'spent' });
  });
});
