import { retrainPolicyKey, retrainPolicySchema, type ModelManifest, type RetrainJob, type RetrainPolicy } from '@edgeml/shared';
import { MNIST_LABELS } from '../data/load-mnist.ts';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import type { AdminApiClient } from '../registry/admin-api-client.ts';
import { publishViaAdminApi } from '../registry/publish-via-admin-api.ts';
import type { EpochLog } from '../train/train-model.ts';
import type { JobLease } from './claim-next-job.ts';
import { decidePromotion } from './decide-promotion.ts';
import { evaluateServedVersion } from './evaluate-served-version.ts';
import { keepLease } from './keep-lease.ts';
import { loadFeedbackExamples } from './load-feedback-examples.ts';
import { loadMnistHoldout } from './load-mnist-holdout.ts';
import { retrainChallenger } from './retrain-challenger.ts';
import { splitFeedback } from './split-feedback.ts';

export interface RetrainJobOptions {
  client: AdminApiClient;
  /** The worker's base URL: champion and challenger are scored through its predict route. */
  endpoint: string | URL;
  /** Read-only: the feedback batches and retrain policy, which only live in R2. */
  store: ObjectStore;
  lease: JobLease;
  trainLimit: number;
  epochs: number;
  /** Seed of training and of the feedback split. Default 42. */
  seed?: number;
  /** MNIST test digits in the fixed holdout. Default 1,000. */
  mnistHoldout?: number;
  /** Share of the feedback held out for judging. Default 0.5. */
  feedbackHoldoutFraction?: number;
  /** Overrides of the model's retrain policy (a negative margin promotes a slightly worse challenger). */
  policy?: Partial<Pick<RetrainPolicy, 'promoteTo' | 'canaryPercent'>> & { margin?: number };
  /**
   * Deployability check of the challenger before it is published or promoted (operators, loading
   * in workerd, size and start-up budgets: `checkDeployable`); throwing fails the job, so a
   * challenger that fails it is never promoted. Not called when absent.
   */
  gate?: (challenger: { manifest: ModelManifest; onnx: Uint8Array; golden: Uint8Array }) => Promise<void>;
  onEpochEnd?: (log: EpochLog) => void;
  log?: (line: string) => void;
}

export interface RetrainOutcome {
  champion: { version: string } & HoldoutFigures;
  challenger: { version: string } & HoldoutFigures;
  margin: number;
  promoted: false | 'canary' | 'production';
  reason?: string;
  canaryPercent?: number;
  trainExamples: number;
  feedbackTrainExamples: number;
  holdout: { mnist: number; feedback: number };
  trainSeconds: number;
}

interface HoldoutFigures {
  accuracy: number;
  mnistAccuracy: number;
  feedbackAccuracy: number | null;
}

/**
 * Runs one claimed job: retrain on MNIST + the job's feedback, publish the challenger unpromoted,
 * score champion and challenger on the fixed holdout, promote the challenger only if it wins by
 * the margin, and complete the job with the figures (or `failed` with the error, then rethrow).
 */
export async function runRetrainJob(job: RetrainJob, options: RetrainJobOptions): Promise<RetrainOutcome> {
  const { client, lease } = options;
  const log = options.log ?? (() => {});
  const keeper = keepLease(client, job.model, job.id, lease);
  try {
    const outcome = await retrainAndJudge(job, options, log, () => keeper.lost);
    keeper.stop();
    await client.completeJob(job.model, job.id, { owner: lease.owner, status: 'succeeded', outcome: { ...outcome } });
    return outcome;
  } catch (error) {
    keeper.stop();
    const message = error instanceof Error ? error.message : String(error);
    // Best effort: if the lease is lost the job is another runner's now and this answers 409.
    await client.completeJob(job.model, job.id, { owner: lease.owner, status: 'failed', outcome: { error: message } }).catch(() => {});
    throw error;
  }
}

async function retrainAndJudge(job: RetrainJob, options: RetrainJobOptions, log: (line: string) => void, leaseLost: () => Error | undefined): Promise<RetrainOutcome> {
  const { client, store } = options;
  const seed = options.seed ?? 42;
  const policy = await readPolicy(store, job.model, options.policy);
  const feedback = splitFeedback(await loadFeedbackExamples(store, job, MNIST_LABELS), options.feedbackHoldoutFraction ?? 0.5, seed);
  const mnist = await loadMnistHoldout(options.mnistHoldout ?? 1_000);
  log(`job ${job.id}: ${feedback.train.length} feedback examples to train on, holdout ${mnist.length} MNIST + ${feedback.holdout.length} feedback`);

  const challenger = await retrainChallenger({
    name: job.model,
    trainLimit: options.trainLimit,
    epochs: options.epochs,
    seed,
    feedback: feedback.train,
    onEpochEnd: options.onEpochEnd,
    log,
  });
  await options.gate?.(challenger);
  await publishViaAdminApi({ client, manifest: challenger.manifest, artifacts: { model: challenger.onnx, golden: challenger.golden } });
  log(`published ${job.model}@${challenger.manifest.version} (not promoted)`);

  const { production } = await client.channels(job.model);
  const score = async (version: string): Promise<HoldoutFigures> => {
    const onMnist = await evaluateServedVersion({ endpoint: options.endpoint, name: job.model, version, examples: mnist });
    const onFeedback = await evaluateServedVersion({ endpoint: options.endpoint, name: job.model, version, examples: feedback.holdout });
    return {
      accuracy: (onMnist.correct + onFeedback.correct) / Math.max(1, onMnist.examples + onFeedback.examples),
      mnistAccuracy: onMnist.accuracy,
      feedbackAccuracy: onFeedback.examples ? onFeedback.accuracy : null,
    };
  };
  const championFigures = await score(production);
  const challengerFigures = await score(challenger.manifest.version);
  log(`holdout accuracy: champion ${production} ${championFigures.accuracy.toFixed(4)}, challenger ${challengerFigures.accuracy.toFixed(4)} (margin ${policy.margin})`);

  const lost = leaseLost();
  if (lost) throw new TrainerError('conflict', `lost the lease on job ${job.id} while training; not promoting: ${lost.message}`);
  const decision = decidePromotion(championFigures, challengerFigures, policy);
  if (decision.promote) {
    await client.promote(
      job.model,
      decision.to === 'production' ? { version: challenger.manifest.version, channel: 'production' } : { version: challenger.manifest.version, channel: 'canary', percent: decision.percent },
    );
    log(`promoted ${job.model}@${challenger.manifest.version} to ${decision.to}`);
  } else {
    log(`not promoted: ${decision.reason}`);
  }
  return {
    champion: { version: production, ...championFigures },
    challenger: { version: challenger.manifest.version, ...challengerFigures },
    margin: policy.margin,
    promoted: decision.promote ? decision.to : false,
    ...(decision.promote ? (decision.to === 'canary' ? { canaryPercent: decision.percent } : {}) : { reason: decision.reason }),
    trainExamples: challenger.trainExamples,
    feedbackTrainExamples: challenger.feedbackExamples,
    holdout: { mnist: mnist.length, feedback: feedback.holdout.length },
    trainSeconds: challenger.trainSeconds,
  };
}

async function readPolicy(store: ObjectStore, name: string, overrides: RetrainJobOptions['policy'] = {}): Promise<{ margin: number; promoteTo: 'canary' | 'production'; canaryPercent: number }> {
  const bytes = await store.get(retrainPolicyKey(name));
  // A job recorded without a policy (by hand) is judged by the policy defaults.
  const policy = retrainPolicySchema.parse(bytes ? JSON.parse(new TextDecoder().decode(bytes)) : { minAccuracy: 0 });
  return {
    margin: overrides.margin ?? policy.margin,
    promoteTo: overrides.promoteTo ?? policy.promoteTo,
    canaryPercent: overrides.canaryPercent ?? policy.canaryPercent,
  };
}
