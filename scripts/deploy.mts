/**
 * `npm run deploy -- --env staging|production [--dry-run]`: deploys the worker to one environment of
 * wrangler.toml, refusing while a required secret (edge/src/config/worker-secrets.ts) is unset there.
 * Exits 1 on something the user fixes (usage, a secret, login), 2 when a wrangler step fails.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeployError, deployWorker } from './lib/deploy-worker.ts';
import { readWranglerEnvs } from './lib/read-wrangler-envs.ts';
import { runWrangler } from './lib/run-wrangler.ts';

const CONFIG = path.resolve(import.meta.dirname, '..', 'wrangler.toml');
const USAGE = 'usage: npm run deploy -- --env <staging|production> [--dry-run]';

function fail(message: string, code: 1 | 2): never {
  console.error(message);
  process.exit(code);
}

let values: { env?: string; 'dry-run'?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({ options: { env: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 1);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const envs = readWranglerEnvs(CONFIG);
if (!values.env || !envs.includes(values.env)) {
  fail(`${values.env ? `unknown environment "${values.env}"` : 'say which environment to deploy'}: --env ${envs.join(' or --env ')}\n${USAGE}`, 1);
}

try {
  const { deployed } = await deployWorker({ env: values.env, run: runWrangler, log: (line) => console.log(line), dryRunOnly: values['dry-run'] ?? false });
  if (deployed) console.log(`\nDeployed "${values.env}". Check it: npm run smoke -- <the workers.dev URL above>`);
} catch (error) {
  if (error instanceof DeployError) fail(error.message, error.exitCode);
  fail(`deploy failed: ${(error as Error).stack ?? String(error)}`, 2);
}
