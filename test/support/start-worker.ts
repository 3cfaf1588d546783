import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { WORKER_SECRETS } from '../../scripts/lib/worker-secrets.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const CONFIG_PATH = path.join(REPO_ROOT, 'wrangler.toml');

export interface StartWorkerOptions {
  /** `--persist-to` folder whose local R2 holds the published models (the R2 data is in its `v3/`). */
  persistDir: string;
  /** Overrides of the worker's vars (DEFAULT_MODEL, MAX_BODY_BYTES, MAX_MODEL_BYTES, MAX_BATCH). */
  vars?: Record<string, string>;
  /** Opens workerd's V8 inspector on this port (0: a free one), for benchmarks that read the worker's heap. */
  inspectorPort?: number;
  /**
   * Receives each line the worker logs (console.log, .warn, .error; workerd's structured logs)
   * instead of the test's output showing it. Unset: the lines go to stdout and stderr as before.
   */
  onLog?: (entry: { level: string; message: string }) => void;
}

export interface RunningWorker {
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

let built: Promise<string> | undefined;

/**
 * Bundles the worker exactly as `wrangler deploy` would upload it (`--dry-run --outdir`), once
 * per test process, and returns the output folder.
 */
export function buildWorker(): Promise<string> {
  built ??= (async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-worker-build-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const wrangler = path.join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
    await promisify(execFile)(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outDir, '--config', CONFIG_PATH], {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 16 * 2 ** 20,
    });
    return outDir;
  })();
  return built;
}

/**
 * Starts the real worker in workerd on a free port: the deploy bundle, with the bindings, vars,
 * compatibility date and module rules of wrangler.toml, reading R2 from `persistDir` as
 * `wrangler dev --persist-to` would.
 *
 * Miniflare runs the bundle directly rather than through `unstable_startWorker`, whose dev proxy
 * loses the next request after a worker answers before reading a whole upload (the 413 tests do):
 * https://github.com/cloudflare/workers-sdk/issues/15203
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const outDir = await buildWorker();
  const { workerOptions } = unstable_getMiniflareWorkerOptions(CONFIG_PATH);
  const files = await readdir(outDir);
  // The bundle's modules are listed, not discovered: ORT contains a dynamic import Miniflare cannot follow.
  const modules = [
    { type: 'ESModule' as const, path: path.join(outDir, 'index.js') },
    ...files.filter((file) => file.endsWith('.wasm')).map((file) => ({ type: 'CompiledWasm' as const, path: path.join(outDir, file) })),
  ];
  const miniflare = new Miniflare({
    ...(workerOptions as WorkerOptions),
    modulesRules: undefined,
    modules,
    modulesRoot: outDir,
    bindings: { ...withoutDevSecrets(workerOptions.bindings), ...options.vars },
    ratelimits: rateLimitsWith(workerOptions.ratelimits as RateLimits | undefined, options.vars),
    defaultPersistRoot: path.join(options.persistDir, 'v3'),
    host: '127.0.0.1',
    port: 0,
    ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
    // Miniflare checks that its handler returns nothing, so the caller's return value is dropped here.
    // Without `onLog`, the per-request log lines are dropped and only warnings and errors reach stderr.
    handleStructuredLogs: (entry: { level: string; message: string }) => void (options.onLog ?? printProblems)(entry),
  });
  try {
    const url = new URL((await miniflare.ready).href);
    const inspectorUrl = options.inspectorPort === undefined ? undefined : await miniflare.getInspectorURL();
    return {
      url,
      ...(inspectorUrl ? { inspectorUrl: new URL(inspectorUrl.href.replace(/^ws/, 'http')) } : {}),
      fetch: (target, init) => fetch(new URL(target, url), withFreshConnection(init)),
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

/**
 * The bindings without the secrets wrangler read from a developer's `.dev.vars` (written by
 * `npm start`): a test sets the secrets it needs through `vars`, never the developer's real ones.
 */
function withoutDevSecrets(bindings: Record<string, unknown> | undefined): Record<string, unknown> {
  const kept = { ...bindings };
  for (const name of [...WORKER_SECRETS.required, ...WORKER_SECRETS.optional]) delete kept[name];
  return kept;
}

function printProblems(entry: { level: string; message: string }): void {
  if (entry.level === 'warn' || entry.level === 'error') console.error(`[worker ${entry.level}] ${entry.message}`);
}

/**
 * Every request on a connection of its own: when the worker answers before reading a whole upload
 * (a 401, a 413 from Content-Length), workerd resets the connection, and undici would send the next
 * request on that dead keep-alive socket and fail with ECONNRESET.
 */
function withFreshConnection(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  if (!headers.has('connection')) headers.set('connection', 'close');
  return { ...init, headers };
}

/**
 * The Rate Limiting bindings of wrangler.toml, with a `RATE_LIMIT_REQUESTS` / `RATE_LIMIT_PERIOD_SECONDS`
 * var override applied to their `simple` limit too: the limit is binding configuration, which the
 * worker's vars only mirror, so a test's small limit must reach both.
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
