import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnyModelManifest } from '@edgeml/shared';
import { openLocalR2Store } from '../publish/open-local-r2-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { startEdgeWorker, WRANGLER_CONFIG } from './start-edge-worker.ts';
import { parseServerTiming } from './parse-server-timing.ts';
import { workerdCpuMs } from './workerd-cpu-ms.ts';
import { workerdRssMiB } from './workerd-rss-mib.ts';

export interface WorkerdColdStart {
  /** Miniflare start to the isolate accepting requests: workerd's process start, bundle load, module evaluation. */
  workerdReadyMs: number;
  /** The first prediction's round trip: R2 read, WASM instantiation, session creation, golden check, the run. */
  firstPredictionMs: number;
  /** workerd's CPU time over that round trip (NaN without /proc): the work itself, however busy the machine. */
  firstPredictionCpuMs: number;
  /** The worker's own split of it (Server-Timing), NaN when absent. */
  r2ReadMs: number;
  wasmInstantiateMs: number;
  sessionCreateMs: number;
  /** Growth of workerd's resident memory from ready to after the first prediction: what loading the model cost. */
  loadRssMiB: number;
  /** workerd's resident memory after the first prediction. */
  rssMiB: number;
}

export interface WorkerdLoad {
  /** The first prediction's status and, when not 200, the worker's error body. */
  status: number;
  error?: { code: string; message: string; details?: unknown };
  runs: WorkerdColdStart[];
  /** Median of each figure over the runs. */
  median: WorkerdColdStart;
}

/**
 * Publishes the candidate into a scratch local R2 (through the real publisher) and starts the real
 * worker on it `runs` times, timing each fresh isolate's first prediction as bench/ does. Stops
 * at the first run that does not answer 200: the worker's error body says why (golden_mismatch,
 * model_unavailable, model_too_large).
 */
export async function measureWorkerdLoad(manifest: AnyModelManifest, artifacts: Record<string, Uint8Array>, runs: number): Promise<WorkerdLoad> {
  const persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-deploy-r2-'));
  try {
    const store = await openLocalR2Store({ configPath: WRANGLER_CONFIG, persistTo: persistDir });
    try {
      await publishModelVersion({ store, manifest, artifacts });
    } finally {
      await store.close();
    }
    const results: WorkerdColdStart[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const worker = await startEdgeWorker({ persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
      try {
        const ready = performance.now();
        const rssBefore = workerdRssMiB();
        const cpuBefore = workerdCpuMs();
        const response = await worker.fetch(`/v1/models/${manifest.name}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(firstRequest(manifest)),
        });
        const body = await response.text();
        const answered = performance.now();
        const cpu = workerdCpuMs() - cpuBefore;
        if (response.status !== 200) {
          const error = parseError(body);
          return { status: response.status, ...(error ? { error } : {}), runs: results, median: median(results) };
        }
        const rss = workerdRssMiB();
        const split = parseServerTiming(response.headers.get('server-timing'));
        results.push({
          workerdReadyMs: round(ready - started),
          firstPredictionMs: round(answered - ready),
          firstPredictionCpuMs: round(cpu),
          r2ReadMs: split.r2 ?? Number.NaN,
          wasmInstantiateMs: split.wasm ?? Number.NaN,
          sessionCreateMs: split.session ?? Number.NaN,
          loadRssMiB: round(rss - rssBefore),
          rssMiB: rss,
        });
      } finally {
        await worker.dispose();
      }
    }
    return { status: 200, runs: results, median: median(results) };
  } finally {
    await rm(persistDir, { recursive: true, force: true });
  }
}

/** A valid first request: a short text, or a grey image with one stroke at the model's input size. */
function firstRequest(manifest: AnyModelManifest): unknown {
  if (manifest.task === 'text-classification') return { text: 'a short message to load the model' };
  const size = manifest.input.preprocessing.size;
  const pixels = Array.from({ length: size * size }, (_, i) => (Math.abs((i % size) - Math.floor(i / size)) <= 1 ? 255 : 0));
  return { pixels };
}

function parseError(body: string): WorkerdLoad['error'] {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (typeof parsed.error?.code === 'string') return { code: parsed.error.code, message: String(parsed.error.message), details: parsed.error.details };
  } catch {
    // Not our JSON error body: reported by status alone.
  }
  return { code: 'unknown', message: body.slice(0, 300) };
}

function median(runs: WorkerdColdStart[]): WorkerdColdStart {
  const keys: (keyof WorkerdColdStart)[] = ['workerdReadyMs', 'firstPredictionMs', 'firstPredictionCpuMs', 'r2ReadMs', 'wasmInstantiateMs', 'sessionCreateMs', 'loadRssMiB', 'rssMiB'];
  return Object.fromEntries(
    keys.map((key) => {
      const sorted = runs.map((run) => run[key]).sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      const value = sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
      return [key, round(value)];
    }),
  ) as unknown as WorkerdColdStart;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
