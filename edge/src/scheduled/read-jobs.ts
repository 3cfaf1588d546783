import { jobsPrefix, retrainJobSchema, type RetrainJob } from '@edgeml/shared';

/** Every readable retrain job of a model, oldest first (ids start with their creation time). */
export async function readJobs(bucket: R2Bucket, name: string): Promise<RetrainJob[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: jobsPrefix(name), cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const jobs = await Promise.all(
    keys.sort().map(async (key) => {
      const object = await bucket.get(key);
      const parsed = object ? retrainJobSchema.safeParse(JSON.parse(await object.text())) : undefined;
      return parsed?.success ? parsed.data : null;
    }),
  );
  return jobs.filter((job) => job !== null);
}
