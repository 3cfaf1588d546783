/**
 * The real worker in workerd, for the deployability check: the bundle `wrangler deploy --dry-run`
 * would upload, run by Miniflare with wrangler.toml's bindings and vars over a local R2 folder (as
 * test/support/start-worker.ts does for the integration tests; the trainer cannot import test code).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const WRANGLER_CONFIG = path.join(REPO_ROOT, 'wrangler.toml');

export interface WorkerBundle {
  dir: string;
  /** Every file wrangler would upload (the script, ORT's WASM, source maps excluded), in bytes. */
  bytes: number;
  files: { name: string; bytes: number }[];
}

export interface EdgeWorker {
  url: URL;
  fetch(target: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

let built: Promise<WorkerBundle> | undefined;

/** Bundles the worker as `wrangler deploy` would upload it, once per process. */
export function buildWorkerBundle(): Promise<WorkerBundle> {
  built ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-deploy-check-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const wrangler = path.join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
    await promisify(execFile)(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', dir, '--config', WRANGLER_CONFIG], {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 16 * 2 ** 20,
    });
    const names = (await readdir(dir)).filter((name) => !name.endsWith('.map'));
    const files = await Promise.all(names.map(async (name) => ({ name, bytes: (await stat(path.join(dir, name))).size })));
    return { dir, files, bytes: files.reduce((sum, file) => sum + file.bytes, 0) };
  })();
  return built;
}

/** The worker's vars from wrangler.toml (top-level environment), e.g. MAX_MODEL_BYTES. */
export function workerVars(): Record<string, string> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(WRANGLER_CONFIG);
  return Object.fromEntries(Object.entries(workerOptions.bindings ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Starts the bundled worker on a free port, reading R2 from `persistDir` (as `wrangler dev --persist-to`). */
export async function startEdgeWorker(persistDir: string, vars: Record<string, string> = {}): Promise<EdgeWorker> {
  const bundle = await buildWorkerBundle();
  const { workerOptions } = unstable_getMiniflareWorkerOptions(WRANGLER_CONFIG);
  // Listed, not discovered: ORT contains a dynamic import Miniflare cannot follow.
  const modules = [
    { type: 'ESModule' as const, path: path.join(bundle.dir, 'index.js') },
    ...bundle.files.filter((file) => file.name.endsWith('.wasm')).map((file) => ({ type: 'CompiledWasm' as const, path: path.join(bundle.dir, file.name) })),
  ];
  const miniflare = new Miniflare({
    ...(workerOptions as WorkerOptions),
    modulesRules: undefined,
    modules,
    modulesRoot: bundle.dir,
    bindings: { ...workerOptions.bindings, ...vars },
    defaultPersistRoot: path.join(persistDir, 'v3'),
    host: '127.0.0.1',
    port: 0,
  });
  try {
    const url = new URL((await miniflare.ready).href);
    return { url, fetch: (target, init) => fetch(new URL(target, url), init), dispose: () => miniflare.dispose() };
  } catch (error) {
    await miniflare.dispose().catch(() => {});
    throw error;
  }
}
