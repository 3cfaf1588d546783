import type { TrainingEvent } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { WorkerErrorDetails } from '../registry/admin-api-client.ts';
import type { RunnerLease, TrainingApiClient } from './training-api-client.ts';

/** Why a job's training was stopped from outside. */
export type StopReason = { kind: 'cancelled' } | { kind: 'lease-lost'; message: string } | { kind: 'runner-stopped'; reason: string };

export interface JobWatch {
  /** Aborts when the job is cancelled, its lease is lost, or the runner is told to stop; the training loop checks it every batch. */
  readonly signal: AbortSignal;
  readonly stopReason: StopReason | undefined;
  /**
   * Waits (at most `settleMs`) for the read of the job in flight, if any: training calls it after
   * every batch, so a cancel the read brings stops the next batch, however long the loop blocks.
   */
  settle(): Promise<void> | void;
  /** Queues an event; it is sent (renewing the lease) without holding up training. */
  report(event: TrainingEvent): void;
  /** Stops polling and sends what is queued. */
  close(): Promise<void>;
}

export interface WatchTrainingJobParams {
  client: TrainingApiClient;
  id: string;
  lease: RunnerLease;
  /** How often the job is read to notice a cancel (default 1,000 ms). */
  pollMs?: number;
  /** The runner's own stop (SIGTERM, SIGINT). */
  signal?: AbortSignal;
  /** Longest a batch waits for a read in flight (default 250 ms). */
  settleMs?: number;
}

/**
 * Keeps a claimed job's lease and tells training when to stop: it reads the job every `pollMs`
 * (a cancel is seen within about a second, and training stops at the next batch), and sends the
 * queued events, or none, at least every third of the lease, which renews it.
 */
export function watchTrainingJob(params: WatchTrainingJobParams): JobWatch {
  const { client, id, lease } = params;
  const controller = new AbortController();
  let stopReason: StopReason | undefined;
  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    controller.abort(reason.kind === 'runner-stopped' ? reason.reason : reason.kind);
  };
  const onRunnerStop = () => stop({ kind: 'runner-stopped', reason: String(params.signal?.reason ?? 'stop') });
  if (params.signal?.aborted) onRunnerStop();
  params.signal?.addEventListener('abort', onRunnerStop, { once: true });

  let queue: TrainingEvent[] = [];
  let sending: Promise<void> = Promise.resolve();
  let lastSent = Date.now();
  const renewEveryMs = (lease.leaseSeconds * 1000) / 3;
  const onFailure = (error: unknown) => {
    const details = error instanceof TrainerError ? (error.details as Partial<WorkerErrorDetails> | undefined) : undefined;
    if (details?.edgeCode === 'job_cancelled') stop({ kind: 'cancelled' });
    else if (error instanceof TrainerError && error.code === 'conflict') stop({ kind: 'lease-lost', message: error.message });
    // Other failures (the worker restarting) are retried on the next beat; the lease outlives a few.
  };
  const send = () => {
    const events = queue.splice(0, 100);
    lastSent = Date.now();
    sending = sending
      .then(() => client.events(id, lease, events))
      .then((job) => {
        if (job.status === 'cancelled') stop({ kind: 'cancelled' });
      })
      .catch((error: unknown) => {
        queue = [...events, ...queue];
        onFailure(error);
      });
    return sending;
  };
  let polling: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (stopReason) return;
    if (queue.length > 0 || Date.now() - lastSent >= renewEveryMs) void send();
    polling ??= client
      .job(id)
      .then((job) => {
        if (job.status === 'cancelled') stop({ kind: 'cancelled' });
        else if (job.lease?.owner !== lease.owner) stop({ kind: 'lease-lost', message: `job ${id} is leased by ${job.lease?.owner ?? 'nobody'} now` });
      })
      .catch(onFailure)
      .finally(() => (polling = undefined));
  }, params.pollMs ?? 1000);
  timer.unref();

  return {
    signal: controller.signal,
    get stopReason() {
      return stopReason;
    },
    settle() {
      if (!polling) return;
      let timeout: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timeout = setTimeout(resolve, params.settleMs ?? 250)));
      return Promise.race([polling, waited]).finally(() => clearTimeout(timeout));
    },
    report(event) {
      queue.push(event);
      void send();
    },
    async close() {
      clearInterval(timer);
      params.signal?.removeEventListener('abort', onRunnerStop);
      if (queue.length > 0 && !stopReason) await send();
      await sending;
    },
  };
}
