import { feedbackBatchSchema, feedbackPrefix, feedbackRequestSchema, type FeedbackBatch, type ModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/**
 * Validates one feedback request against the model it is for (labels it has, pixel count of its
 * input) and stores it as one batch object, pixels normalised to 0-255.
 * Throws EdgeError `invalid_json` or `validation_failed`.
 */
export async function storeFeedback(bucket: R2Bucket, manifest: ModelManifest, body: Uint8Array): Promise<{ key: string; stored: number }> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch (error) {
    throw new EdgeError('invalid_json', `the body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = feedbackRequestSchema.safeParse(json);
  if (!parsed.success) {
    throw new EdgeError('validation_failed', 'the JSON body does not match the feedback request schema', {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    });
  }
  const [, height, width] = manifest.input.shape;
  const examples = parsed.data.examples.map((example, index) => {
    if (!manifest.labels.includes(example.label)) {
      throw new EdgeError('validation_failed', `examples.${index}.label "${example.label}" is not a label of ${manifest.name}`, { labels: manifest.labels });
    }
    if (example.pixels.length !== height * width) {
      throw new EdgeError('validation_failed', `examples.${index}.pixels has ${example.pixels.length} values; ${manifest.name} takes ${height}×${width}`);
    }
    const scale = example.scale ?? 255;
    if (example.pixels.some((p) => p < 0 || p > scale)) throw new EdgeError('validation_failed', `examples.${index}.pixels must be within [0, ${scale}]`);
    const pixels = scale === 255 ? example.pixels : example.pixels.map((p) => p * 255);
    return { ...example, pixels, scale: 255 as const };
  });
  const receivedAt = new Date().toISOString();
  const batch: FeedbackBatch = feedbackBatchSchema.parse({ schemaVersion: 1, model: manifest.name, receivedAt, examples });
  // Keys sort by arrival time, so the scheduled check reads the most recent batches.
  const key = `${feedbackPrefix(manifest.name)}${receivedAt.replace(/[:.]/g, '')}-${crypto.randomUUID()}.json`;
  await bucket.put(key, JSON.stringify(batch), { httpMetadata: { contentType: 'application/json' } });
  return { key, stored: examples.length };
}
