/**
 * The integration tests' (and bench/'s) workerd harness: the trainer's `startEdgeWorker`, the one
 * implementation, with what a test wants by default.
 */
import { buildWorkerBundle, startEdgeWorker, type EdgeWorker, type StartEdgeWorkerOptions } from '@edgeml/trainer/deploy/start-edge-worker';
import { WORKER_SECRETS } from '@edgeml/edge/config/worker-secrets';

export type StartWorkerOptions = Pick<StartEdgeWorkerOptions, 'persistDir' | 'vars' | 'inspectorPort' | 'onLog' | 'direct' | 'freshConnections'>;

export type RunningWorker = EdgeWorker;

/**
 * Bundles the worker exactly as `wrangler deploy` would upload it (`--dry-run --outdir`), once
 * per test process, and returns the output folder.
 */
export async function buildWorker(): Promise<string> {
  return (await buildWorkerBundle()).dir;
}

/**
 * Starts the real worker in workerd on a free port. Unlike the trainer's deployability check it
 * drops the secrets wrangler read from a developer's `.dev.vars` (a test sets the ones it needs
 * through `vars`), sends each request on a fresh connection (the 401 and 413 tests leave workerd's
 * side reset; a benchmark of steady requests may keep them), and without `onLog` drops the per-request log lines so that only warnings and errors
 * reach the test's stderr.
 */
export function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  return startEdgeWorker({
    ...options,
    withoutBindings: [...WORKER_SECRETS.required, ...WORKER_SECRETS.optional],
    onLog: options.onLog ?? printProblems,
    freshConnections: options.freshConnections ?? true,
  });
}

function printProblems(entry: { level: string; message: string }): void {
  if (entry.level === 'warn' || entry.level === 'error') console.error(`[worker ${entry.level}] ${entry.message}`);
}
