import { feedbackBatchSchema, recentFeedbackDayPrefixes } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import type { LabelledPixels } from './labelled-pixels.ts';

/**
 * The feedback a retrain job was queued on: model `name`'s batches of the `days` UTC days ending
 * with `until` (the job's creation), stored up to it, listed per day prefix (`feedback/{name}/{yyyy-mm-dd}/`) so the cost
 * does not grow with all feedback ever sent; batches of the older flat layout are not read. As the
 * edge stored them (0-255 pixels, label strings). Labels the model does not have are skipped;
 * unreadable batches too, as the cron does.
 */
export async function loadFeedbackExamples(store: ObjectStore, name: string, until: string, labels: readonly string[], days: number): Promise<LabelledPixels[]> {
  const keys: string[] = [];
  for (const prefix of recentFeedbackDayPrefixes(name, new Date(until), days)) keys.push(...(await store.list(prefix)).keys);
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
    if (!parsed.success || parsed.data.receivedAt > until) continue;
    for (const example of parsed.data.examples) {
      const label = labels.indexOf(example.label);
      // The edge stores pixels scaled to 0-255 (scale 255), exactly what predict receives.
      if (label >= 0) examples.push({ pixels: example.pixels, label });
    }
  }
  return examples;
}
