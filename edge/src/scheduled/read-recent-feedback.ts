import { feedbackBatchSchema, listAll, recentFeedbackDayPrefixes, type FeedbackBatch } from '@edgeml/shared';
import { readJsonEach } from '../storage/read-json-each.ts';

/**
 * The newest `maxBatches` feedback batches of a model from the `days` UTC days ending today,
 * listing only those days' prefixes (`feedback/{name}/{yyyy-mm-dd}/`, keys sort by arrival), so
 * the cost does not grow with all the feedback ever sent. Batches in the older flat layout are not
 * read; unreadable ones are skipped.
 */
export async function readRecentFeedback(bucket: R2Bucket, name: string, options: { maxBatches: number; days: number; now?: Date }): Promise<FeedbackBatch['examples']> {
  const keys: string[] = [];
  for (const prefix of recentFeedbackDayPrefixes(name, options.now ?? new Date(), options.days)) {
    const day = (await listAll(bucket, prefix)).keys;
    // Newest day first: take its newest batches, then older days' until maxBatches.
    keys.unshift(...day.sort().slice(-(options.maxBatches - keys.length)));
    if (keys.length >= options.maxBatches) break;
  }
  return (await readJsonEach(bucket, keys, feedbackBatchSchema)).flatMap((batch) => batch.examples);
}
