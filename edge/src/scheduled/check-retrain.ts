import {
  jobKey,
  retrainJobSchema,
  retrainPolicyKey,
  retrainPolicySchema,
  type RetrainJob,
} from '@edgeml/shared';
import { readConfig } from '../config/read-config.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { readChannels } from '../models/read-channels.ts';
import { readJson } from '../storage/read-json.ts';
import { requireImageModel } from '../predict/require-image-model.ts';
import { predict } from '../predict/predict.ts';
import { readJobs } from './read-jobs.ts';
import { readRecentFeedback } from './read-recent-feedback.ts';

/** Feedback batches the check reads per model: the recent past (the policy's feedbackDays), bounded so the cron stays cheap. */
const RECENT_BATCHES = 50;

/**
 * The cron's work for one model with a retrain policy: evaluate production on recent feedback and
 * record a pending retrain job when its accuracy is below the policy's threshold or the schedule
 * is due, unless a job is already pending or running. Returns the job recorded, if any.
 */
export async function checkRetrain(env: Env, registry: ModelRegistry, name: string, now = new Date()): Promise<RetrainJob | null> {
  const bucket = env.MODELS;
  const policy = await readJson(bucket, retrainPolicyKey(name), retrainPolicySchema);
  if (!policy) return null;
  const jobs = await readJobs(bucket, name);
  if (jobs.some((job) => job.status === 'pending' || job.status === 'running')) return null;

  const { production } = await readChannels(bucket, name);
  const examples = await readRecentFeedback(bucket, name, { maxBatches: RECENT_BATCHES, days: policy.feedbackDays, now });
  let correct = 0;
  const batchSize = readConfig(env).maxBatch;
  for (let start = 0; start < examples.length; start += batchSize) {
    const chunk = examples.slice(start, start + batchSize);
    const { response } = await registry.use(env, name, production, (model) =>
      predict(requireImageModel(model), { kind: 'pixels', instances: chunk.map((e) => e.pixels), scale: 255 }, 1),
    );
    response.predictions.forEach((prediction, i) => (correct += prediction.label === chunk[i]!.label ? 1 : 0));
  }
  const accuracy = examples.length > 0 ? correct / examples.length : null;
  const last = jobs.at(-1);
  const scheduleDue = policy.everyHours > 0 && (!last || now.getTime() - Date.parse(last.createdAt) >= policy.everyHours * 3_600_000);
  const accuracyLow = accuracy !== null && examples.length >= policy.minExamples && accuracy < policy.minAccuracy;
  if (!accuracyLow && !scheduleDue) return null;

  const at = now.toISOString();
  const job = retrainJobSchema.parse({
    schemaVersion: 1,
    id: `${at.replace(/[-:.]/g, '')}-${crypto.randomUUID().slice(0, 8)}`,
    model: name,
    status: 'pending',
    reason: accuracyLow ? 'accuracy' : 'schedule',
    createdAt: at,
    evaluation: { version: production, accuracy, examples: examples.length },
    updatedAt: at,
  });
  await bucket.put(jobKey(name, job.id), JSON.stringify(job, null, 2), { httpMetadata: { contentType: 'application/json' } });
  return job;
}
