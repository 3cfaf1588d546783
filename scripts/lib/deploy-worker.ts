import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkDeploySecrets } from './check-deploy-secrets.ts';
import type { RunWrangler } from './run-wrangler.ts';

/** Why a deploy stopped: `exitCode` 1 when the user can fix it (a secret, a login), 2 when a step failed. */
export class DeployError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export interface DeployWorkerOptions {
  /** A named environment of wrangler.toml (`staging`, `production`). */
  env: string;
  run: RunWrangler;
  log: (line: string) => void;
  /** Stop after the dry run. */
  dryRunOnly?: boolean;
}

/**
 * Deploys one environment: refuses while a required secret is unset there, bundles and validates
 * with `wrangler deploy --dry-run`, then `wrangler deploy --env ENV`. Returns whether it deployed
 * (false after a `dryRunOnly` run).
 */
export async function deployWorker(options: DeployWorkerOptions): Promise<{ deployed: boolean }> {
  const { env, run, log } = options;
  log(`1/3 secrets: wrangler secret list --env ${env}`);
  const secrets = await checkDeploySecrets({ env, run });
  if (!secrets.ok) throw new DeployError(secrets.message, secrets.reason === 'wrangler_failed' ? 2 : 1);
  log(`    set: ${secrets.present.join(', ')}`);

  log(`2/3 dry run: wrangler deploy --dry-run --env ${env}`);
  const outDir = await mkdtemp(path.join(os.tmpdir(), `edgeml-deploy-${env}-`));
  try {
    const dry = await run(['deploy', '--dry-run', '--env', env, '--outdir', outDir], { interactive: true });
    if (dry.code !== 0) throw new DeployError(`the dry run failed (exit ${dry.code}); nothing was deployed`, 2);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  if (options.dryRunOnly) {
    log('Dry run passed; nothing deployed (--dry-run).');
    return { deployed: false };
  }

  log(`3/3 deploy: wrangler deploy --env ${env}`);
  const deployed = await run(['deploy', '--env', env], { interactive: true });
  if (deployed.code !== 0) throw new DeployError(`wrangler deploy --env ${env} failed (exit ${deployed.code})`, 2);
  return { deployed: true };
}
