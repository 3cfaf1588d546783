import { Miniflare } from 'miniflare';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { updateStoredJson } from './update-stored-json.ts';

const recordSchema = z.object({ owner: z.string().nullable(), notes: z.array(z.string()), updatedAt: z.string() });
type Stored = z.infer<typeof recordSchema>;
const KEY = 'records/r1.json';
const options = { missing: () => new EdgeError('job_not_found', 'no record'), conflictMessage: 'changed meanwhile' };

describe('updateStoredJson against R2 (Miniflare)', () => {
  let miniflare: Miniflare;
  let bucket: R2Bucket;

  beforeAll(async () => {
    miniflare = new Miniflare({ modules: true, script: 'export default { fetch: () => new Response(null) }', r2Buckets: ['MODELS'] });
    // Miniflare's R2Bucket is the workers-types one re-declared for Node: the same API.
    bucket = (await miniflare.getR2Bucket('MODELS')) as unknown as R2Bucket;
  });
  afterAll(() => miniflare.dispose());
  beforeEach(async () => {
    await bucket.put(KEY, JSON.stringify({ owner: null, notes: [], updatedAt: '2026-12-01T00:00:00.000Z' }));
  });
  const stored = async (): Promise<Stored> => recordSchema.parse(await (await bucket.get(KEY))!.json());
  const note = (text: string) => (record: Stored): Stored => ({ ...record, notes: [...record.notes, text] });
  const take = (owner: string) => (record: Stored): Stored => {
    if (record.owner) throw new EdgeError('conflict', `taken by ${record.owner}`);
    return { ...record, owner };
  };

  it('lands every one of several writers at once, each applied to the latest object (none lost)', async () => {
    const writers = ['a', 'b', 'c', 'd'];
    await Promise.all(writers.map((name) => updateStoredJson(bucket, KEY, recordSchema, note(name), options)));
    expect((await stored()).notes.sort()).toEqual(writers);
  });

  it('sees the winner on a retry: of several exclusive claims exactly one lands, the others are refused by the change itself', async () => {
    const claims = await Promise.allSettled(['a', 'b', 'c'].map((owner) => updateStoredJson(bucket, KEY, recordSchema, take(owner), options)));
    const won = claims.filter((claim) => claim.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const refusals = claims.filter((claim) => claim.status === 'rejected').map((claim) => (claim.reason as Error).message);
    expect(refusals).toEqual([`taken by ${won[0]!.value.owner}`, `taken by ${won[0]!.value.owner}`]);
    expect((await stored()).owner).toBe(won[0]!.value.owner);
  });

  it('answers 404 for a missing object and conflict after its attempts when the object keeps changing', async () => {
    await expect(updateStoredJson(bucket, 'records/none.json', recordSchema, note('x'), options)).rejects.toMatchObject({ code: 'job_not_found' });
    // Another writer changes the object between every read of its etag and our conditional write.
    let heads = 0;
    const meddled = Object.assign(Object.create(bucket) as R2Bucket, {
      head: async (key: string) => {
        const head = await bucket.head(key);
        heads++;
        await bucket.put(key, JSON.stringify({ ...(await stored()), notes: [`meddle ${heads}`] }));
        return head;
      },
    });
    await expect(updateStoredJson(meddled, KEY, recordSchema, note('mine'), options)).rejects.toMatchObject({ code: 'conflict', message: 'changed meanwhile' });
    expect(heads).toBe(5);
    expect((await stored()).notes).not.toContain('mine');
  });
});
