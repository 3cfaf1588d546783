import { retrainPolicyKey, retrainPolicySchema, type TrainingJob } from '@edgeml/shared';
import { readConfig } from '../config/read-config.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { readChannels } from '../models/read-channels.ts';
import { readManifest } from '../models/read-manifest.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { readJson } from '../storage/read-json.ts';
import { requireImageModel } from '../predict/require-image-model.ts';
import { predict } from '../predict/predict.ts';
import { ACTIVE_STATUSES } from '../training/job-transitions.ts';
import { queueTrainingJob } from '../training/submit-training-job.ts';
import { readRecentFeedback } from './read-recent-feedback.ts';
import { retrainRequest } from './retrain-request.ts';

/** Feedback batches the check reads per model: the recent past (the policy's feedbackDays), bounded so the cron stays cheap. */
const RECENT_BATCHES = 50;

/**
 * The cron's work for one model with a retrain policy: evaluate production on recent feedback and
 * queue a training job (owner `cron`, `retrain` saying why) when its accuracy is below the policy's
 * threshold or the schedule is due, unless a training job of the model is already queued, running
 * or publishing. The schedule counts from the model's newest training job, whoever submitted it.
 * `jobs` is every training job, newest first, listed once per cron tick for all models. A champion
 * the feedback path cannot retrain (a text model, one not trained on mnist) is refused before its
 * feedback is read. Returns the job queued, if any.
 */
export async function checkRetrain(env: Env, registry: ModelRegistry, name: string, allJobs: readonly TrainingJob[], now = new Date()): Promise<TrainingJob | null> {
  const bucket = env.MODELS;
  const policy = await readJson(bucket, retrainPolicyKey(name), retrainPolicySchema);
  if (!policy) return null;
  const jobs = allJobs.filter((job) => job.request.model === name);
  if (jobs.some((job) => ACTIVE_STATUSES.includes(job.status))) return null;

  const { production } = await readChannels(bucket, name);
  const champion = await readManifest(bucket, name, production, { pinned: false });
  if (champion.task !== 'image-classification') throw new EdgeError('validation_failed', `model "${name}" is a ${champion.task} model: retraining on feedback is for image models`);
  const request = retrainRequest(policy, champion);
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
  const last = jobs[0];
  const scheduleDue = policy.everyHours > 0 && (!last || now.getTime() - Date.parse(last.createdAt) >= policy.everyHours * 3_600_000);
  const accuracyLow = accuracy !== null && examples.length >= policy.minExamples && accuracy < policy.minAccuracy;
  if (!accuracyLow && !scheduleDue) return null;

  return queueTrainingJob(bucket, {
    request,
    owner: 'cron',
    retrain: { reason: accuracyLow ? 'accuracy' : 'schedule', evaluation: { version: production, accuracy, examples: examples.length } },
  }, now);
}
