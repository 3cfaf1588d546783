import type { TestProject } from 'vitest/node';
import { ensurePublishedTestModel } from './published-model.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    publishedModel: { persistDir: string; runDir: string; name: string; version: string };
  }
}

/** Trains (or reuses) the integration tests' model once per run and publishes it to local R2. */
export default async function setup(project: TestProject): Promise<void> {
  const published = await ensurePublishedTestModel();
  project.provide('publishedModel', {
    persistDir: published.persistDir,
    runDir: published.runDir,
    name: published.name,
    version: published.version,
  });
}
