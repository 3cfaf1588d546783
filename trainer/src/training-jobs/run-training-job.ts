import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Metrics, TrainingJob } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import type { AdminApiClient, WorkerErrorDetails } from '../registry/admin-api-client.ts';
import type { BackendName } from '../tf.ts';
import type { EpochLog } from '../train/epoch-log.ts';
import { epochEvent } from './epoch-event.ts';
import { publishJobVersions, type VersionGate } from './publish-job-versions.ts';
import { retrainFeedback, type RetrainFeedback } from './retrain-feedback.ts';
import { scoreChampion } from './score-champion.ts';
import { trainImageJob } from './train-image-job.ts';
import { trainTextJob } from './train-text-job.ts';
import type { OnJobEpoch, TrainedJob } from './trained-job.ts';
import type { RunnerLease, TrainingApiClient } from './training-api-client.ts';
import { watchTrainingJob, type JobWatch, type StopReason } from './watch-training-job.ts';

export interface RunTrainingJobParams {
  client: TrainingApiClient;
  /** Publishes and promotes (the admin API's model routes). */
  admin: AdminApiClient;
  /** A job this runner has just claimed. */
  job: TrainingJob;
  lease: RunnerLease;
  /** Default `auto`: the fastest backend that loads, as `trainer train` picks. */
  backend?: BackendName | 'auto';
  gate?: VersionGate;
  /** Opens the bucket a retrain job's feedback and retrain policy are read from (they live only in R2). */
  openStore?: () => Promise<ObjectStore>;
  /** How often the job is read to notice a cancel (default 1,000 ms). */
  pollMs?: number;
  /** Where the job's data and run folder go (a fresh folder under the OS's temp dir by default, removed after). */
  workDir?: string;
  now?: () => Date;
  /** The runner's own stop: before publishing the job is given back to the queue. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export type TrainingJobOutcome =
  | { status: 'succeeded'; job: TrainingJob }
  | { status: 'failed'; job?: TrainingJob; error: { code: string; message: string } }
  /** Cancelled through the API, given back on the runner's stop, or its lease lost: nothing was published. */
  | { status: 'stopped'; reason: StopReason; released: boolean };

/**
 * Runs one claimed training job to its end: trains it (reporting every epoch, which renews the
 * lease), stopping at the next batch when the job is cancelled or the runner told to stop; then
 * marks it publishing (from here it cannot be cancelled), publishes through the admin API behind
 * the gates, promotes as `after.publish` says (behind `after.margin`, the champion judged on the
 * job's test split: `scoreChampion`), and completes it with the version, metrics and a report. A
 * retrain job (the cron's) also trains on the model's feedback (`retrainFeedback`). A failure
 * completes it `failed` with the error's code; a stop publishes nothing.
 */
export async function runTrainingJob(params: RunTrainingJobParams): Promise<TrainingJobOutcome> {
  const { client, job, lease } = params;
  const log = (line: string) => params.log?.(`job ${job.id}: ${line}`);
  const now = params.now ?? (() => new Date());
  const workDir = params.workDir ?? (await mkdtemp(path.join(os.tmpdir(), `edgeml-${job.id}-`)));
  const watch = watchTrainingJob({ client, id: job.id, lease, pollMs: params.pollMs, signal: params.signal });
  try {
    let trained: TrainedJob;
    let feedback: RetrainFeedback | undefined;
    try {
      feedback = job.retrain ? await retrainFeedback({ job, client, openStore: requireStore(params.openStore), log }) : undefined;
      trained = await train(params, workDir, watch, reporter(watch.report, now), feedback, log);
      watch.signal.throwIfAborted();
    } finally {
      await watch.close();
    }
    await client.startPublishing(job.id, lease.owner);
    const { request } = job;
    const published = await publishJobVersions({
      admin: params.admin,
      versions: trained.versions,
      publish: request.after.publish,
      margin: request.after.margin,
      champion: await client.production(request.model),
      scoreChampion: (champion) => scoreChampion(client, champion, trained.test),
      gate: params.gate,
      log,
    });
    const result = { version: published.version, channel: published.channel, metrics: numbers(trained.metrics), report: { ...trained.report, ...feedback?.report(), ...published.report } };
    return { status: 'succeeded', job: await client.complete(job.id, { owner: lease.owner, status: 'succeeded', result }) };
  } catch (error) {
    if (watch.stopReason) return { status: 'stopped', reason: watch.stopReason, released: await giveBack(client, job.id, lease.owner, watch.stopReason, log) };
    const failure = jobError(error);
    // Cancelled between the last poll and `publishing`: the worker refused to start publishing.
    if (failure.code === 'job_cancelled') return { status: 'stopped', reason: { kind: 'cancelled' }, released: await giveBack(client, job.id, lease.owner, { kind: 'cancelled' }, log) };
    log(`failed: ${failure.code}: ${failure.message}`);
    // Best effort: if the lease is lost the job is another runner's now and this answers 409.
    const failed = await client.complete(job.id, { owner: lease.owner, status: 'failed', error: failure }).catch(() => undefined);
    return { status: 'failed', ...(failed ? { job: failed } : {}), error: failure };
  } finally {
    if (!params.workDir) await rm(workDir, { recursive: true, force: true });
  }
}

function train(params: RunTrainingJobParams, workDir: string, watch: JobWatch, onEpoch: OnJobEpoch, feedback: RetrainFeedback | undefined, log: (line: string) => void): Promise<TrainedJob> {
  const { request } = params.job;
  const common = { client: params.client, workDir, backend: params.backend ?? 'auto', signal: watch.signal, onBatchEnd: () => watch.settle(), onEpoch, log };
  log(`training ${request.model} (${request.task}) on ${request.dataset}`);
  return request.task === 'text-classification' ? trainTextJob({ ...common, request }) : trainImageJob({ ...common, request, ...(feedback ? { feedback } : {}) });
}

function requireStore(openStore: RunTrainingJobParams['openStore']): () => Promise<ObjectStore> {
  if (!openStore) throw new TrainerError('invalid_config', 'a retrain job reads its feedback from the bucket: this runner was given none (`trainer jobs run --target local|r2`)');
  return openStore;
}

/** Each epoch as an event; `history` is the phase's epochs so far. */
function reporter(report: (event: ReturnType<typeof epochEvent>) => void, now: () => Date): OnJobEpoch {
  const history: EpochLog[] = [];
  let phase: string | undefined;
  return (log, { name, epochs, examples }) => {
    if (phase !== name) history.length = 0;
    phase = name;
    history.push(log);
    report(epochEvent({ log, history, epochs, examples, phase: name, at: now() }));
  };
}

/** A cancelled job's lease is dropped by the cancel; one the runner was told to stop is given back to the queue. */
async function giveBack(client: TrainingApiClient, id: string, owner: string, reason: StopReason, log: (line: string) => void): Promise<boolean> {
  if (reason.kind !== 'runner-stopped') {
    log(`stopped (${reason.kind === 'cancelled' ? 'cancelled' : reason.message}) before publishing; nothing published`);
    return reason.kind === 'cancelled';
  }
  try {
    await client.release(id, owner, reason.reason);
    log(`stopped on ${reason.reason} before publishing; nothing published, given back to the queue`);
    return true;
  } catch (error) {
    if (jobError(error).code === 'job_cancelled') {
      log(`stopped on ${reason.reason} before publishing; the job was cancelled meanwhile, nothing published`);
      return true;
    }
    log(`stopped on ${reason.reason} before publishing; the worker did not take the job back (${(error as Error).message}): claimable again when its lease expires`);
    return false;
  }
}

/** The error recorded on a failed job: the worker's own code when it refused something, else the trainer's. */
function jobError(error: unknown): { code: string; message: string } {
  if (error instanceof TrainerError) {
    const edgeCode = (error.details as Partial<WorkerErrorDetails> | undefined)?.edgeCode;
    return { code: edgeCode && edgeCode !== 'http_error' ? edgeCode : error.code, message: error.message.slice(0, 2000) };
  }
  return { code: 'internal', message: (error instanceof Error ? error.message : String(error)).slice(0, 2000) };
}

/** Metrics as the job records them: numbers only. */
function numbers(metrics: Metrics): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])));
}
