import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openWorkerInspector, type WorkerInspector } from '../../support/open-worker-inspector.ts';
import { ensurePublishedTestModel } from '../../support/published-model.ts';
import { startWorker, type RunningWorker } from '../../support/start-worker.ts';

/** The local R2 a hostile worker reads: the trained test model, published into a folder of its own. */
export interface HostileStore {
  persistDir: string;
  name: string;
  version: string;
}

export interface HostileWorker {
  worker: RunningWorker;
  store: HostileStore;
  /** `/v1/models/<name>/predict` of the trained image model. */
  predictPath: string;
  feedbackPath: string;
  /** Headers that authenticate a feedback client (FEEDBACK_TOKENS), so feedback bodies are read and parsed, not refused unread. */
  feedbackAuth: string[];
  /** The worker isolate's V8 inspector, when started with `inspector: true`. */
  inspector?: WorkerInspector;
  dispose(): Promise<void>;
}

const FEEDBACK_TOKEN = 'hostile-feedback-token';

/**
 * The real worker in workerd with wrangler.toml's default limits (the contract is about them),
 * only the rate limit off: thousands of requests from one client are the point here.
 */
export async function startHostileWorker(
  options: { inspector?: boolean; vars?: Record<string, string>; beforeStart?: (store: HostileStore) => Promise<void> } = {},
): Promise<HostileWorker> {
  // Its own publish of the cached test model (no training), not a copy of the global setup's
  // .artifacts/test-state: another test run's global setup may republish that one at any moment.
  const persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-hostile-r2-'));
  const dispose = () => rm(persistDir, { recursive: true, force: true });
  try {
    const published = await ensurePublishedTestModel(persistDir);
    const store: HostileStore = { persistDir, name: published.name, version: published.version };
    await options.beforeStart?.(store);
    const worker = await startWorker({ persistDir: store.persistDir, vars: { RATE_LIMIT_REQUESTS: '0', FEEDBACK_TOKENS: `hostile:${createHash('sha256').update(FEEDBACK_TOKEN).digest('hex')}`, ...options.vars }, ...(options.inspector ? { inspectorPort: 0 } : {}) });
    const inspector = options.inspector ? await openWorkerInspector(worker.inspectorUrl!) : undefined;
    return {
      worker,
      store,
      predictPath: `/v1/models/${store.name}/predict`,
      feedbackPath: `/v1/models/${store.name}/feedback`,
      feedbackAuth: [`Authorization: Bearer ${FEEDBACK_TOKEN}`],
      ...(inspector ? { inspector } : {}),
      dispose: async () => {
        inspector?.close();
        await worker.dispose();
        await dispose();
      },
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
