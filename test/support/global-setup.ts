import { buildWorkerBundle, type WorkerBundle } from '@edgeml/trainer/deploy/start-edge-worker';
import type { TestProject } from 'vitest/node';
import { ensurePublishedTestModel } from './published-model.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    publishedModel: { persistDir: string; runDir: string; name: string; version: string };
    /** The worker as `wrangler deploy --dry-run` bundles it, built once for every test file (see use-worker-bundle.ts). */
    workerBundle: WorkerBundle;
  }
}

/** Trains (or reuses) the integration tests' model once per run and publishes it to local R2; bundles the worker once. */
export default async function setup(project: TestProject): Promise<void> {
  const [published, bundle] = await Promise.all([ensurePublishedTestModel(), buildWorkerBundle()]);
  project.provide('publishedModel', {
    persistDir: published.persistDir,
    runDir: published.runDir,
    name: published.name,
    version: published.version,
  });
  project.provide('workerBundle', bundle);
}
