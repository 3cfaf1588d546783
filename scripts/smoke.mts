/**
 * `npm run smoke -- https://<worker> [--model mnist]`: checks a deployed (or local) worker with
 * /healthz, /v1/models and one real MNIST digit; with ADMIN_TOKEN in the environment also the admin
 * API. Prints PASS/FAIL per check; exits 0 when all pass, 1 when one fails or on a usage mistake,
 * 2 on a fault of the script itself.
 */
import { parseArgs } from 'node:util';
import { runSmokeTest } from './lib/run-smoke-test.ts';

const USAGE = 'usage: npm run smoke -- <worker URL, e.g. https://edgeml-production.<subdomain>.workers.dev> [--model mnist]';

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

try {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) usageError(positionals.length === 0 ? 'give the worker URL' : 'give one worker URL');
  const url = positionals[0]!;
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) usageError(`"${url}" is not an http(s) URL`);

  const adminToken = process.env.ADMIN_TOKEN || undefined;
  console.log(`Smoke test of ${url}${adminToken ? ' (with ADMIN_TOKEN)' : ''}`);
  const checks = await runSmokeTest({ baseUrl: url, ...(values.model ? { model: values.model } : {}), ...(adminToken ? { adminToken } : {}) });
  for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name.padEnd(36)} ${String(check.ms).padStart(6)} ms  ${check.detail}`);
  const failed = checks.filter((check) => !check.ok).length;
  console.log(failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`);
  if (!adminToken) console.log('(Set ADMIN_TOKEN to also check the admin API.)');
  process.exit(failed === 0 ? 0 : 1);
} catch (error) {
  console.error(`smoke test fault: ${(error as Error).stack ?? String(error)}`);
  process.exit(2);
}

function parse() {
  return parseArgs({ allowPositionals: true, options: { model: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
}
