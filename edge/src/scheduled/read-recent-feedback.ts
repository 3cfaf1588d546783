import { feedbackBatchSchema, recentFeedbackDayPrefixes, type FeedbackBatch } from '@edgeml/shared';

/**
 * The newest `maxBatches` feedback batches of a model from the `days` UTC days ending today,
 * listing only those days' prefixes (`feedback/{name}/{yyyy-mm-dd}/`, keys sort by arrival), so
 * the cost does not grow with all the feedback ever sent. Batches in the older flat layout are not
 * read; unreadable ones are skipped.
 */
export async function readRecentFeedback(bucket: R2Bucket, name: string, options: { maxBatches: number; days: number; now?: Date }): Promise<FeedbackBatch['examples']> {
  const keys: string[] = [];
  for (const prefix of recentFeedbackDayPrefixes(name, options.now ?? new Date(), options.days)) {
    const day: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bucket.list({ prefix, cursor });
      day.push(...page.objects.map((object) => object.key));
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    // Newest day first: take its newest batches, then older days' until maxBatches.
    keys.unshift(...day.sort().slice(-(options.maxBatches - keys.length)));
    if (keys.length >= options.maxBatches) break;
  }
  const batches = await Promise.all(
    keys.map(async (key) => {
      const object = await bucket.get(key);
      const parsed = object ? feedbackBatchSchema.safeParse(await object.json().catch(() => null)) : undefined;
      return parsed?.success ? parsed.data.examples : [];
    }),
  );
  return batches.flat();
}
