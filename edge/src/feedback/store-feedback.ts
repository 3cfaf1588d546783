import { feedbackBatchKey, feedbackBatchSchema, utcDay, type FeedbackBatch, type ModelManifest } from '@edgeml/shared';

/**
 * Stores one request's validated examples as one batch object under its UTC day
 * (`feedback/{name}/{yyyy-mm-dd}/{at}-{id}.json`), so readers list only the days they want.
 * Returns the batch id and day; the key itself stays private to the worker.
 */
export async function storeFeedback(
  bucket: R2Bucket,
  manifest: ModelManifest,
  examples: FeedbackBatch['examples'],
  client: string,
  now = new Date(),
): Promise<{ id: string; date: string; stored: number }> {
  const receivedAt = now.toISOString();
  const batch: FeedbackBatch = feedbackBatchSchema.parse({ schemaVersion: 1, model: manifest.name, receivedAt, client, examples });
  const id = crypto.randomUUID();
  await bucket.put(feedbackBatchKey(manifest.name, receivedAt, id), JSON.stringify(batch), { httpMetadata: { contentType: 'application/json' } });
  return { id, date: utcDay(receivedAt), stored: examples.length };
}
