import type { AnyModelManifest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { CheckDeployableParams } from './check-deployable.ts';

/**
 * The job runner's gate before it publishes and promotes a challenger: `checkDeployable` on the
 * challenger's model and golden vectors, throwing `not_deployable` (the failed checks in its
 * message, the report in `details`) so the job fails and nothing is promoted.
 */
export function deployGate(options: Pick<CheckDeployableParams, 'budgets' | 'coldStartRuns' | 'log'> = {}) {
  return async (challenger: { manifest: AnyModelManifest; artifacts: Record<string, Uint8Array> }): Promise<void> => {
    const { checkDeployable } = await importCheckDeployable();
    const report = await checkDeployable({ ...options, manifest: challenger.manifest, artifacts: challenger.artifacts });
    const failed = report.checks.filter((check) => check.status === 'fail');
    if (failed.length > 0) {
      throw new TrainerError(
        'not_deployable',
        `${challenger.manifest.name}@${challenger.manifest.version} is not deployable to the edge, so it is not promoted: ${failed.map((check) => `${check.check}: ${check.message}`).join('; ')}`,
        report,
      );
    }
    options.log?.(`${challenger.manifest.name}@${challenger.manifest.version} passed the deployability check (${report.checks.map((check) => `${check.check} ${check.status}`).join(', ')})`);
  };
}

/**
 * Loaded on first use: the check needs the worker's sources and the dev dependencies that run it
 * (wrangler, miniflare, onnxruntime-web), which a trainer-only install may lack; the rest of the
 * CLI must still start there.
 */
export async function importCheckDeployable(): Promise<typeof import('./check-deployable.ts')> {
  try {
    return await import('./check-deployable.ts');
  } catch (error) {
    throw new TrainerError(
      'invalid_config',
      `the deployability check cannot run here (${(error as Error).message}): it needs the repository's edge/ sources, wrangler.toml and dev dependencies (wrangler, miniflare, onnxruntime-web)` +
        ' — install them, or pass --skip-deploy-check to \`trainer jobs\`',
    );
  }
}
