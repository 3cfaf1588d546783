import { DEFAULT_FEEDBACK_DAYS, feedbackBatchSchema, recentFeedbackDayPrefixes, type RetrainJob } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import type { LabelledPixels } from './labelled-pixels.ts';

/**
 * The feedback a job was recorded on: the batches of the `days` UTC days ending with the job's
 * creation, stored up to it, listed per day prefix (`feedback/{name}/{yyyy-mm-dd}/`) so the cost
 * does not grow with all feedback ever sent; batches of the older flat layout are not read. As the
 * edge stored them (0-255 pixels, label strings). Labels the model does not have are skipped;
 * unreadable batches too, as the cron does.
 */
export async function loadFeedbackExamples(store: ObjectStore, job: RetrainJob, labels: readonly string[], days = DEFAULT_FEEDBACK_DAYS): Promise<LabelledPixels[]> {
  const keys: string[] = [];
  for (const prefix of recentFeedbackDayPrefixes(job.model, new Date(job.createdAt), days)) keys.push(...(await store.list(prefix)).keys);
  const examples: LabelledPixels[] = [];
  for (const key of keys.sort()) {
    const bytes = await store.get(key);
    if (!bytes) continue;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      continue;
    }
    const parsed = feedbackBatchSchema.safeParse(json);
    if (!parsed.success || parsed.data.receivedAt > job.createdAt) continue;
    for (const example of parsed.data.examples) {
      const label = labels.indexOf(example.label);
      // The edge stores pixels scaled to 0-255 (scale 255), exactly what predict receives.
      if (label >= 0) examples.push({ pixels: example.pixels, label });
    }
  }
  return examples;
}
