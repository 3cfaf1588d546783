import { jobsPrefix, listAll, retrainJobSchema, type RetrainJob } from '@edgeml/shared';
import { readJsonEach } from '../storage/read-json-each.ts';

/** Every readable retrain job of a model, oldest first (ids start with their creation time); an unreadable one is skipped. */
export async function readJobs(bucket: R2Bucket, name: string): Promise<RetrainJob[]> {
  const { keys } = await listAll(bucket, jobsPrefix(name));
  return readJsonEach(bucket, keys.sort(), retrainJobSchema);
}
