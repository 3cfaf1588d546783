import { buildWorkerBundle, type WorkerBundle } from '@edgeml/trainer/deploy/start-edge-worker';
import type { TestProject } from 'vitest/node';
import { tinyTextModel } from '../text/tiny-text-model.ts';
import { ensurePublishedTestModel, type PublishedTestModel } from './published-model.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    publishedModel: { persistDir: string; runDir: string; name: string; version: string };
    /** The worker as `wrangler deploy --dry-run` bundles it, built once for every test file (see use-worker-bundle.ts). */
    workerBundle: WorkerBundle;
  }
}

/**
 * Trains (or reuses) the integration tests' models once per run and publishes the image one to
 * local R2; bundles the worker once. The tiny text model is trained here, not by whichever of the
 * files that share its cache (running side by side) gets there first.
 */
export default async function setup(project: TestProject): Promise<void> {
  const [published, bundle] = await Promise.all([trainTestModels(), buildWorkerBundle()]);
  project.provide('publishedModel', {
    persistDir: published.persistDir,
    runDir: published.runDir,
    name: published.name,
    version: published.version,
  });
  project.provide('workerBundle', bundle);
}

/** One after the other: each selects its own tfjs backend. */
async function trainTestModels(): Promise<PublishedTestModel> {
  const published = await ensurePublishedTestModel();
  await tinyTextModel();
  return published;
}
