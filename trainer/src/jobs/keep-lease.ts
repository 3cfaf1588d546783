import type { AdminApiClient } from '../registry/admin-api-client.ts';
import type { JobLease } from './claim-next-job.ts';

export interface LeaseKeeper {
  /** The renewal error, once a renewal failed (the lease may be lost: do not promote). */
  readonly lost: Error | undefined;
  stop(): void;
}

/**
 * Renews a job's lease every third of its length while training runs, so a live runner keeps its
 * job and a dead one loses it within one lease. Training blocks the event loop between batches,
 * so renewals are best effort; `lost` tells the runner when one was refused.
 */
export function keepLease(client: AdminApiClient, name: string, id: string, lease: JobLease, onRenew?: () => void): LeaseKeeper {
  let lost: Error | undefined;
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight || lost) return;
    inFlight = true;
    client
      .claimJob(name, id, lease)
      .then(() => onRenew?.())
      .catch((error: unknown) => (lost = error instanceof Error ? error : new Error(String(error))))
      .finally(() => (inFlight = false));
  }, (lease.leaseSeconds * 1000) / 3);
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    stop: () => clearInterval(timer),
  };
}
