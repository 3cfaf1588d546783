import type { ModelSummary } from '@edgeml/shared';
import { listModelNames } from './list-model-names.ts';
import { resolveManifest } from './resolve-manifest.ts';

/**
 * A summary of each published model's production version. Models are the `models/{name}/`
 * prefixes in R2; one whose channels or manifest cannot be read is left out, not an error.
 */
export async function listModels(bucket: R2Bucket): Promise<ModelSummary[]> {
  const summaries = await Promise.all(
    (await listModelNames(bucket)).map(async (name): Promise<ModelSummary | null> => {
      try {
        const manifest = await resolveManifest(bucket, name);
        const { version, task, labels, metrics, createdAt } = manifest;
        return { name, version, task, labels, metrics, createdAt };
      } catch {
        return null;
      }
    }),
  );
  return summaries.filter((summary) => summary !== null).sort((a, b) => a.name.localeCompare(b.name));
}
