import { feedbackBatchSchema, feedbackPrefix, type RetrainJob } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import type { LabelledPixels } from './labelled-pixels.ts';

/**
 * The feedback a job was recorded on: every batch of the model stored up to the job's creation
 * (batch keys and `receivedAt` sort by arrival), as the edge stored them (0-255 pixels, label
 * strings). Labels the model does not have are skipped; unreadable batches too, as the cron does.
 */
export async function loadFeedbackExamples(store: ObjectStore, job: RetrainJob, labels: readonly string[]): Promise<LabelledPixels[]> {
  const { keys } = await store.list(feedbackPrefix(job.model));
  const examples: LabelledPixels[] = [];
  for (const key of keys.sort()) {
    const bytes = await store.get(key);
    if (!bytes) continue;
    const parsed = feedbackBatchSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    if (!parsed.success || parsed.data.receivedAt > job.createdAt) continue;
    for (const example of parsed.data.examples) {
      const label = labels.indexOf(example.label);
      // The edge stores pixels scaled to 0-255 (scale 255), exactly what predict receives.
      if (label >= 0) examples.push({ pixels: example.pixels, label });
    }
  }
  return examples;
}
