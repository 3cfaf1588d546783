import { jobsPrefix, retrainJobSchema } from '@edgeml/shared';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';

/**
 * Ages a job's lease as its length passing would: the stored expiry moves into the past, and the
 * worker compares it with its own clock as it would after a real wait. The comparison itself is
 * tested against a fake clock in edge/src/admin/update-job.test.ts.
 */
export async function expireLease(store: ObjectStore, name: string, id: string): Promise<void> {
  const key = `${jobsPrefix(name)}${id}.json`;
  const job = retrainJobSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(key)) ?? new Uint8Array())));
  if (!job.lease) throw new Error(`job ${id} of ${name} holds no lease`);
  const expired = { ...job, lease: { ...job.lease, expiresAt: new Date(Date.now() - 1_000).toISOString() } };
  await store.put(key, new TextEncoder().encode(JSON.stringify(expired, null, 2)), { contentType: 'application/json' });
}
