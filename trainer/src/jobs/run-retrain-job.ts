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
import { findLabelFlips, type LabelFlipReport } from './find-label-flips.ts';
import { JobStopped } from './job-stopped.ts';
import { keepLease } from './keep-lease.ts';
import { loadFeedbackExamples } from './load-feedback-examples.ts';
import { loadMnistHoldout } from './load-mnist-holdout.ts';
import { retrainChallenger } from './retrain-challenger.ts';
import { splitFeedback } from './split-feedback.ts';

export interface RetrainJobOptions {
  client: AdminApiClient;
  /** The worker's base URL: champion and challenger are scored through its predict route. */
  endpoint: string | URL;
  /** The admin token, sent with those predictions: only it may pin the unpromoted challenger. */
  predictToken?: string;
  /** Read-only: the feedback batches and retrain policy, which only live in R2. */
  store: ObjectStore;
  lease: JobLease;
  trainLimit: number;
  epochs: number;
  /** Seed of training and of the feedback split. Default 42. */
  seed?: number;
  /** MNIST test digits in the trusted holdout that alone decides promotion. Default 1,000. */
  mnistHoldout?: number;
  /** Share of the feedback held out of training to report both models' feedback accuracy (never decisive). Default 0.5. */
  feedbackHoldoutFraction?: number;
  /** Overrides of the model's retrain policy (a negative margin promotes a slightly worse challenger). */
  policy?: Partial<Pick<RetrainPolicy, 'promoteTo' | 'canaryPercent' | 'maxFeedbackShare' | 'feedbackDays'>> & { margin?: number };
  /**
   * Deployability check of the challenger before it is published or promoted (operators, loading
   * in workerd, size and start-up budgets: `checkDeployable`); throwing fails the job, so a
   * challenger that fails it is never promoted. Not called when absent.
   */
  gate?: (challenger: { manifest: ModelManifest; artifacts: Record<string, Uint8Array> }) => Promise<void>;
  onEpochEnd?: (log: EpochLog) => void;
  log?: (line: string) => void;
  /**
   * Stops the job cleanly: until publishing starts, an abort ends training and gives the job back
   * to the queue (`JobStopped`); once the first artifact is uploaded the job is finished (publish,
   * judge, promote: seconds), so no version is left half-written and no decision half-made.
   */
  signal?: AbortSignal;
}

export interface RetrainOutcome {
  champion: { version: string } & HoldoutFigures;
  challenger: { version: string } & HoldoutFigures;
  /** What decided: accuracy on MNIST test digits only; feedback never enters it. */
  judgedOn: 'trusted-mnist-holdout';
  margin: number;
  promoted: false | 'canary' | 'production';
  reason?: string;
  canaryPercent?: number;
  trainExamples: number;
  feedbackTrainExamples: number;
  holdout: { mnist: number; feedback: number };
  feedback: { days: number; loaded: number; maxShare: number; droppedByShareCap: number };
  /** Feedback the champion confidently disagrees with, per (given, predicted) label. */
  labelFlips: LabelFlipReport;
  trainSeconds: number;
}

interface HoldoutFigures {
  /** On the trusted holdout: the figure promotion is decided on. */
  trustedAccuracy: number;
  /** On the held-out feedback: reported beside, never decisive; null without feedback. */
  feedbackAccuracy: number | null;
}

/**
 * Runs one claimed job: retrain on MNIST + the job's recent feedback (capped to a share of the
 * set), publish the challenger unpromoted, score champion and challenger on the trusted MNIST
 * holdout, promote the challenger only if it wins there by the margin, and complete the job with
 * the figures, feedback accuracy and suspected label flips beside them (or `failed` with the
 * error, then rethrow).
 */
export async function runRetrainJob(job: RetrainJob, options: RetrainJobOptions): Promise<RetrainOutcome> {
  const { client, lease } = options;
  const log = options.log ?? (() => {});
  const keeper = keepLease(client, job.model, job.id, lease);
  let committed = false;
  try {
    const outcome = await retrainAndJudge(job, options, log, () => keeper.lost, () => (committed = true));
    keeper.stop();
    await client.completeJob(job.model, job.id, { owner: lease.owner, status: 'succeeded', outcome: { ...outcome } });
    return outcome;
  } catch (error) {
    keeper.stop();
    // Stopped before publishing: whatever the error (an abort, or the gate's workerd killed by the same Ctrl-C), hand the job back.
    if (options.signal?.aborted && !committed) throw await releaseStopped(job, options, String(options.signal.reason), log);
    const message = error instanceof Error ? error.message : String(error);
    // Best effort: if the lease is lost the job is another runner's now and this answers 409.
    await client.completeJob(job.model, job.id, { owner: lease.owner, status: 'failed', outcome: { error: message } }).catch(() => {});
    throw error;
  }
}

async function releaseStopped(job: RetrainJob, options: RetrainJobOptions, reason: string, log: (line: string) => void): Promise<JobStopped> {
  try {
    await options.client.releaseJob(job.model, job.id, { owner: options.lease.owner, reason });
    log(`job ${job.id}: stopped on ${reason} before publishing; given back to the queue`);
    return new JobStopped(job.id, reason, true);
  } catch (error) {
    log(`job ${job.id}: stopped on ${reason}, but the worker did not take it back (${error instanceof Error ? error.message : String(error)}); claimable again when its lease expires`);
    return new JobStopped(job.id, reason, false);
  }
}

async function retrainAndJudge(
  job: RetrainJob,
  options: RetrainJobOptions,
  log: (line: string) => void,
  leaseLost: () => Error | undefined,
  commit: () => void,
): Promise<RetrainOutcome> {
  const { client, store } = options;
  const stopIfAsked = () => options.signal?.throwIfAborted();
  const seed = options.seed ?? 42;
  const policy = await readPolicy(store, job.model, options.policy);
  const loaded = await loadFeedbackExamples(store, job, MNIST_LABELS, policy.feedbackDays);
  const feedback = splitFeedback(loaded, options.feedbackHoldoutFraction ?? 0.5, seed);
  const mnist = await loadMnistHoldout(options.mnistHoldout ?? 1_000);
  stopIfAsked();
  log(`job ${job.id}: ${loaded.length} feedback examples from ${policy.feedbackDays} day(s), ${feedback.train.length} offered for training; trusted holdout ${mnist.length} MNIST digits`);

  const challenger = await retrainChallenger({
    name: job.model,
    trainLimit: options.trainLimit,
    epochs: options.epochs,
    seed,
    feedback: feedback.train,
    maxFeedbackShare: policy.maxFeedbackShare,
    onEpochEnd: options.onEpochEnd,
    log,
    signal: options.signal,
  });
  stopIfAsked();
  await options.gate?.(challenger);
  stopIfAsked();
  // From here the job runs to its end even if asked to stop: see `signal`.
  commit();
  await publishViaAdminApi({ client, manifest: challenger.manifest, artifacts: challenger.artifacts });
  log(`published ${job.model}@${challenger.manifest.version} (not promoted)`);

  const { production } = await client.channels(job.model);
  const evaluate = (version: string, examples: typeof mnist) => evaluateServedVersion({ endpoint: options.endpoint, name: job.model, version, examples, token: options.predictToken });
  // The champion sees all feedback once: its held-out part gives its feedback accuracy, the whole the flip report.
  const championMnist = await evaluate(production, mnist);
  const championFeedback = await evaluate(production, [...feedback.holdout, ...feedback.train]);
  const heldOut = feedback.holdout.length;
  const championFigures: HoldoutFigures = {
    trustedAccuracy: championMnist.accuracy,
    feedbackAccuracy: heldOut ? championFeedback.predictions.slice(0, heldOut).filter((p, i) => p.index === feedback.holdout[i]!.label).length / heldOut : null,
  };
  const labelFlips = findLabelFlips([...feedback.holdout, ...feedback.train], championFeedback.predictions, MNIST_LABELS);
  const challengerMnist = await evaluate(challenger.manifest.version, mnist);
  const challengerFeedback = heldOut ? await evaluate(challenger.manifest.version, feedback.holdout) : undefined;
  const challengerFigures: HoldoutFigures = { trustedAccuracy: challengerMnist.accuracy, feedbackAccuracy: challengerFeedback ? challengerFeedback.accuracy : null };
  log(
    `trusted holdout accuracy: champion ${production} ${championFigures.trustedAccuracy.toFixed(4)}, challenger ${challengerFigures.trustedAccuracy.toFixed(4)} (margin ${policy.margin}); ` +
      `feedback accuracy (not decisive) ${championFigures.feedbackAccuracy?.toFixed(4) ?? 'n/a'} vs ${challengerFigures.feedbackAccuracy?.toFixed(4) ?? 'n/a'}`,
  );
  if (labelFlips.suspected > 0) {
    const top = labelFlips.pairs.slice(0, 3).map((pair) => `${pair.count}× "${pair.given}" the champion reads as "${pair.predicted}"`);
    log(`suspected label flips: ${labelFlips.suspected} of ${labelFlips.examined} (${top.join(', ')})`);
  }

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
    judgedOn: 'trusted-mnist-holdout',
    margin: policy.margin,
    promoted: decision.promote ? decision.to : false,
    ...(decision.promote ? (decision.to === 'canary' ? { canaryPercent: decision.percent } : {}) : { reason: decision.reason }),
    trainExamples: challenger.trainExamples,
    feedbackTrainExamples: challenger.feedbackExamples,
    holdout: { mnist: mnist.length, feedback: heldOut },
    feedback: { days: policy.feedbackDays, loaded: loaded.length, maxShare: policy.maxFeedbackShare, droppedByShareCap: challenger.feedbackDropped },
    labelFlips,
    trainSeconds: challenger.trainSeconds,
  };
}

interface JobPolicy {
  margin: number;
  promoteTo: 'canary' | 'production';
  canaryPercent: number;
  maxFeedbackShare: number;
  feedbackDays: number;
}

async function readPolicy(store: ObjectStore, name: string, overrides: RetrainJobOptions['policy'] = {}): Promise<JobPolicy> {
  const bytes = await store.get(retrainPolicyKey(name));
  // A job recorded without a policy (by hand) is judged by the policy defaults.
  const policy = retrainPolicySchema.parse(bytes ? JSON.parse(new TextDecoder().decode(bytes)) : { minAccuracy: 0 });
  return {
    margin: overrides.margin ?? policy.margin,
    promoteTo: overrides.promoteTo ?? policy.promoteTo,
    canaryPercent: overrides.canaryPercent ?? policy.canaryPercent,
    maxFeedbackShare: overrides.maxFeedbackShare ?? policy.maxFeedbackShare,
    feedbackDays: overrides.feedbackDays ?? policy.feedbackDays,
  };
}
