import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { startWorker } from '@edgeml/test/support/start-worker';
import { measureAbuse, type AbuseOptions, type AbuseResult } from './measure-abuse.ts';

export const ABUSE_SETTINGS: Pick<AbuseOptions, 'repeats' | 'contentionSeconds' | 'heavySenders'> = {
  repeats: Number(process.env.BENCH_ABUSE_REPEATS ?? 5),
  contentionSeconds: Number(process.env.BENCH_ABUSE_SECONDS ?? 10),
  heavySenders: Number(process.env.BENCH_ABUSE_SENDERS ?? 3),
};

/** The abuse section on a worker of its own, with wrangler.toml's default limits (only the rate limit off). */
export async function runAbuseSection(options: { repoRoot: string; persistDir: string; predictPath: string; digits: Uint8Array[]; smallPngs: Uint8Array<ArrayBuffer>[] }): Promise<AbuseResult> {
  const bindings = unstable_getMiniflareWorkerOptions(path.join(options.repoRoot, 'wrangler.toml')).workerOptions.bindings as Record<string, unknown>;
  const worker = await startWorker({ persistDir: options.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
  try {
    return await measureAbuse({ worker, predictPath: options.predictPath, digits: options.digits, smallPngs: options.smallPngs, maxBatch: Number(bindings.MAX_BATCH), ...ABUSE_SETTINGS, log: (line) => console.log(line) });
  } finally {
    await worker.dispose();
  }
}

/** Saves the section alone (`--only abuse`) as reports/edge-bench-abuse-*.json; returns the file, relative to the repository. */
export async function saveAbuseReport(repoRoot: string, model: { name: string; version: string }, abuse: AbuseResult): Promise<string> {
  const at = new Date().toISOString();
  await mkdir(path.join(repoRoot, 'reports'), { recursive: true });
  const file = path.join(repoRoot, 'reports', `edge-bench-abuse-${at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ at, model, settings: ABUSE_SETTINGS, abuse }, null, 2)}\n`);
  return path.relative(repoRoot, file);
}
