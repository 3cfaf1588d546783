import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { REPO_ROOT } from '../support/published-model.ts';

/** Cloudflare's upload limit for a Worker on the paid plan, compressed. */
const UPLOAD_LIMIT_KIB = 64 * 1024;
const WRANGLER = path.join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

/** `wrangler deploy --dry-run --env <env>`: its upload sizes and the names of the vars it would bind (it truncates long values). */
async function dryRun(env: string): Promise<{ totalKiB: number; gzipKiB: number; varNames: string[] }> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), `edgeml-dry-run-${env}-`));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [WRANGLER, 'deploy', '--dry-run', '--env', env, '--outdir', outDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 16 * 2 ** 20,
    });
    const size = stdout.match(/Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/);
    if (!size) throw new Error(`no "Total Upload" line in wrangler's output:\n${stdout}`);
    const varNames = [...stdout.matchAll(/env\.([A-Z_]+) \(.*\)\s+Environment Variable/g)].map((match) => match[1]!);
    return { totalKiB: Number(size[1]), gzipKiB: Number(size[2]), varNames };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

describe('wrangler deploy --dry-run per environment', () => {
  it.each([
    ['staging', ['https://staging.edgeml.dev', 'http://localhost:8787']],
    ['production', ['https://edgeml.dev']],
  ] as const)('%s bundles under the upload limit with its own CORS origins and limits', async (env, origins) => {
    const { totalKiB, gzipKiB, varNames } = await dryRun(env);
    const vars = unstable_getMiniflareWorkerOptions(path.join(REPO_ROOT, 'wrangler.toml'), env).workerOptions.bindings as Record<string, string>;
    expect(gzipKiB).toBeGreaterThan(0);
    expect(gzipKiB).toBeLessThan(UPLOAD_LIMIT_KIB);
    expect(totalKiB).toBeLessThan(UPLOAD_LIMIT_KIB);
    // Named environments inherit no vars: each must set every limit, or the worker silently runs on defaults.
    for (const name of ['ALLOWED_ORIGINS', 'MAX_BODY_BYTES', 'MAX_MODEL_BYTES', 'MAX_BATCH', 'MAX_TEXT_CHARS', 'RATE_LIMIT_REQUESTS', 'RATE_LIMIT_PERIOD_SECONDS']) {
      expect(varNames, name).toContain(name);
    }
    expect(vars.ALLOWED_ORIGINS!.split(',').map((origin) => origin.trim())).toEqual(origins);
    for (const name of ['MAX_BODY_BYTES', 'MAX_MODEL_BYTES', 'MAX_BATCH', 'MAX_TEXT_CHARS', 'RATE_LIMIT_REQUESTS']) {
      expect(Number(vars[name]), name).toBeGreaterThan(0);
    }
  });
});
