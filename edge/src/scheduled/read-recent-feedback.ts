import { feedbackBatchSchema, feedbackPrefix, type FeedbackBatch } from '@edgeml/shared';

/** The newest `maxBatches` feedback batches of a model (keys sort by arrival time); unreadable ones are skipped. */
export async function readRecentFeedback(bucket: R2Bucket, name: string, maxBatches: number): Promise<FeedbackBatch['examples']> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: feedbackPrefix(name), cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const batches = await Promise.all(
    keys
      .sort()
      .slice(-maxBatches)
      .map(async (key) => {
        const object = await bucket.get(key);
        const parsed = object ? feedbackBatchSchema.safeParse(JSON.parse(await object.text())) : undefined;
        return parsed?.success ? parsed.data.examples : [];
      }),
  );
  return batches.flat();
}
