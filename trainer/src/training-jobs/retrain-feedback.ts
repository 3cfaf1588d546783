import { retrainPolicyKey, retrainPolicySchema, type TrainingJob } from '@edgeml/shared';
import type { ImageSplit } from '../data/dataset.ts';
import { MNIST_LABELS } from '../data/load-mnist.ts';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { buildRetrainSet } from './build-retrain-set.ts';
import { evaluateServedVersion } from './evaluate-served-version.ts';
import { findLabelFlips } from './find-label-flips.ts';
import { loadFeedbackExamples } from './load-feedback-examples.ts';
import { splitFeedback } from './split-feedback.ts';
import type { TrainingApiClient } from './training-api-client.ts';

/** Share of the feedback held out of training: the champion's feedback accuracy is reported on it (never decisive). */
const FEEDBACK_HOLDOUT = 0.5;

export interface RetrainFeedback {
  /** The job's training split with as much of the offered feedback as the policy's share cap allows. */
  mix(train: ImageSplit): ImageSplit;
  /** The job report's `feedback`: what was loaded, used and refused, and the flips the champion sees. */
  report(): Record<string, unknown>;
}

/**
 * The feedback defences of a retrain job (`job.retrain`, queued by the cron): the model's feedback
 * of the policy's `feedbackDays` up to the job's creation, read from the bucket (`openStore`: the
 * feedback and the policy live only in R2), split in a seeded half held out and a half offered for
 * training, the offered half capped at the policy's `maxFeedbackShare` of the training set, and
 * every example read by the serving champion through the worker to report suspected label flips.
 */
export async function retrainFeedback(params: { job: TrainingJob; client: TrainingApiClient; openStore: () => Promise<ObjectStore>; log: (line: string) => void }): Promise<RetrainFeedback> {
  const { job, client, log } = params;
  const name = job.request.model;
  const store = await params.openStore();
  const { policy, loaded } = await (async () => {
    try {
      const bytes = await store.get(retrainPolicyKey(name));
      // A job queued without a policy (by hand) reads by the policy's defaults.
      const policy = retrainPolicySchema.parse(bytes ? JSON.parse(new TextDecoder().decode(bytes)) : { minAccuracy: 0 });
      return { policy, loaded: await loadFeedbackExamples(store, name, job.createdAt, MNIST_LABELS, policy.feedbackDays) };
    } finally {
      await store.close();
    }
  })();
  const { train: offered, holdout } = splitFeedback(loaded, FEEDBACK_HOLDOUT, job.request.run.seed);
  const champion = await client.production(name);
  if (!champion) throw new TrainerError('not_found', `model "${name}" has no production version to retrain`);
  // The champion sees all feedback once: its held-out part gives its feedback accuracy, the whole the flip report.
  const all = [...holdout, ...offered];
  const read = await evaluateServedVersion({ client, name, version: champion.version, labels: MNIST_LABELS, examples: all });
  const labelFlips = findLabelFlips(all, read.predictions, MNIST_LABELS);
  const championAccuracy = holdout.length ? read.predictions.slice(0, holdout.length).filter((p, i) => p.index === holdout[i]!.label).length / holdout.length : null;
  log(`${loaded.length} feedback examples from ${policy.feedbackDays} day(s): ${holdout.length} held out, ${offered.length} offered for training; the champion suspects ${labelFlips.suspected} label flips`);
  let used = 0;
  let refused = offered.length;
  return {
    mix(train) {
      const set = buildRetrainSet(train, offered, policy.maxFeedbackShare);
      used = set.feedbackKept;
      refused = set.feedbackDropped;
      log(`training on ${train.count} images + ${used} feedback (${refused} over the ${policy.maxFeedbackShare} share cap refused)`);
      return set.train;
    },
    report: () => ({
      feedback: {
        days: policy.feedbackDays,
        loaded: loaded.length,
        heldOut: holdout.length,
        offered: offered.length,
        used,
        refused,
        maxShare: policy.maxFeedbackShare,
        champion: { version: champion.version, heldOutAccuracy: championAccuracy },
        labelFlips,
      },
    }),
  };
}
