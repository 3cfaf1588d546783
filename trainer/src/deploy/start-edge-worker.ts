/**
 * The real worker in workerd: the bundle `wrangler deploy --dry-run` would upload, run by Miniflare
 * with wrangler.toml's bindings and vars over a local R2 folder. The one harness: the deployability
 * check uses it as is, and test/support/start-worker.ts (integration tests, bench/) wraps it with
 * the options a test wants (dev secrets dropped, worker logs filtered, a fresh connection per request).
 *
 * Miniflare runs the bundle directly rather than through `unstable_startWorker`, whose dev proxy
 * loses the next request after a worker answers before reading a whole upload (the 413 tests do):
 * https://github.com/cloudflare/workers-sdk/issues/15203
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

export interface StartEdgeWorkerOptions {
  /** `--persist-to` folder whose local R2 holds the published models (the R2 data is in its `v3/`). */
  persistDir: string;
  /**
   * Overrides of the worker's vars (DEFAULT_MODEL, MAX_MODEL_BYTES, ...). `RATE_LIMIT_REQUESTS` and
   * `RATE_LIMIT_PERIOD_SECONDS` reach the Rate Limiting bindings too (see `rateLimitsWith`).
   */
  vars?: Record<string, string>;
  /**
   * Bindings to drop before `vars` apply: wrangler reads a developer's `.dev.vars` (written by
   * `npm start`), and a test must set the secrets it needs itself, never use the developer's real ones.
   */
  withoutBindings?: readonly string[];
  /** Opens workerd's V8 inspector on this port (0: a free one), for benchmarks that read the worker's heap. */
  inspectorPort?: number;
  /** Receives each line the worker logs. Unset: Miniflare prints them to stdout and stderr. */
  onLog?: (entry: { level: string; message: string }) => void;
  /**
   * Sends every request on a connection of its own: when the worker answers before reading a whole
   * upload (a 401, a 413 from Content-Length), workerd resets the connection, and undici would send
   * the next request on that dead keep-alive socket and fail with ECONNRESET.
   */
  freshConnections?: boolean;
  /**
   * Serves on a socket of the worker itself (Miniflare's `unsafeDirectSockets`), without Miniflare's
   * entry worker in front: as on Cloudflare, workerd hands the request straight to our isolate.
   * Benchmarks use it to measure the worker without the local proxy's CPU.
   */
  direct?: boolean;
}

export interface EdgeWorker {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  url: URL;
  /** The V8 inspector's base URL (`http://127.0.0.1:PORT`) when `inspectorPort` was given. */
  inspectorUrl?: URL;
  /** `fetch` against the worker, with `target` resolved against its URL. */
  fetch(target: string, init?: RequestInit): Promise<Response>;
  /** Runs the worker's `scheduled()` handler as its Cron Trigger would. */
  scheduled(cron?: string): Promise<void>;
  dispose(): Promise<void>;
}

let built: Promise<WorkerBundle> | undefined;

/**
 * Makes `bundle`, built by another process, this process's bundle: the integration tests build it
 * once in their global setup instead of once per test file.
 */
export function useWorkerBundle(bundle: WorkerBundle): void {
  built = Promise.resolve(bundle);
}

/** Bundles the worker as `wrangler deploy` would upload it, once per process. */
export function buildWorkerBundle(): Promise<WorkerBundle> {
  built ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-worker-build-'));
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
export async function startEdgeWorker(options: StartEdgeWorkerOptions): Promise<EdgeWorker> {
  const bundle = await buildWorkerBundle();
  const { workerOptions } = unstable_getMiniflareWorkerOptions(WRANGLER_CONFIG);
  // Listed, not discovered: ORT contains a dynamic import Miniflare cannot follow.
  const modules = [
    { type: 'ESModule' as const, path: path.join(bundle.dir, 'index.js') },
    ...bundle.files.filter((file) => file.name.endsWith('.wasm')).map((file) => ({ type: 'CompiledWasm' as const, path: path.join(bundle.dir, file.name) })),
  ];
  const bindings: Record<string, unknown> = { ...workerOptions.bindings };
  for (const name of options.withoutBindings ?? []) delete bindings[name];
  const { onLog, inspectorPort } = options;
  const miniflare = new Miniflare({
    ...(workerOptions as WorkerOptions),
    modulesRules: undefined,
    modules,
    modulesRoot: bundle.dir,
    bindings: { ...bindings, ...options.vars },
    ratelimits: rateLimitsWith(workerOptions.ratelimits as RateLimits | undefined, options.vars),
    defaultPersistRoot: path.join(options.persistDir, 'v3'),
    host: '127.0.0.1',
    port: 0,
    ...(inspectorPort === undefined ? {} : { inspectorPort }),
    // Without the demo page's assets: Miniflare would put its asset router in front of the direct
    // socket and pass each request on by RPC, which Cloudflare does outside the worker's CPU time.
    ...(options.direct ? { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }], assets: undefined } : {}),
    // Miniflare checks that its handler returns nothing, so the caller's return value is dropped here.
    ...(onLog ? { handleStructuredLogs: (entry: { level: string; message: string }) => void onLog(entry) } : {}),
  });
  try {
    const ready = new URL((await miniflare.ready).href);
    const url = options.direct ? new URL((await miniflare.unsafeGetDirectURL()).href) : ready;
    const inspectorUrl = inspectorPort === undefined ? undefined : await miniflare.getInspectorURL();
    const init = options.freshConnections ? withFreshConnection : (given?: RequestInit) => given;
    return {
      url,
      ...(inspectorUrl ? { inspectorUrl: new URL(inspectorUrl.href.replace(/^ws/, 'http')) } : {}),
      fetch: (target, given) => fetch(new URL(target, url), init(given)),
      scheduled: async (cron = '*/30 * * * *') => {
        const result = await (await miniflare.getWorker()).scheduled({ cron });
        if (result.outcome !== 'ok') throw new Error(`scheduled() ended with outcome ${result.outcome}`);
      },
      dispose: () => miniflare.dispose(),
    };
  } catch (error) {
    await miniflare.dispose().catch(() => {});
    throw error;
  }
}

function withFreshConnection(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  if (!headers.has('connection')) headers.set('connection', 'close');
  return { ...init, headers };
}

/**
 * The Rate Limiting bindings of wrangler.toml, with a `RATE_LIMIT_REQUESTS` / `RATE_LIMIT_PERIOD_SECONDS`
 * var override applied to their `simple` limit too: the limit is binding configuration, which the
 * worker's vars only mirror, so a small limit set through `vars` must reach both. A limit of 0
 * (the worker's "off") leaves the bindings as configured.
 */
type RateLimits = Record<string, { simple: { limit: number; period?: 10 | 60 } }>;

function rateLimitsWith(ratelimits: RateLimits | undefined, vars: Record<string, string> = {}): RateLimits | undefined {
  const limit = Number(vars.RATE_LIMIT_REQUESTS);
  const period = Number(vars.RATE_LIMIT_PERIOD_SECONDS);
  if (!ratelimits || !(limit > 0 || period === 10 || period === 60)) return ratelimits;
  return Object.fromEntries(
    Object.entries(ratelimits).map(([name, { simple }]) => [
      name,
      { simple: { limit: limit > 0 ? limit : simple.limit, period: period === 10 || period === 60 ? period : simple.period } },
    ]),
  );
}
