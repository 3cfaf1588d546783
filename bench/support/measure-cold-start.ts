import type { RunningWorker } from '@edgeml/test/support/start-worker';
import { parseServerTiming } from '@edgeml/trainer/deploy/parse-server-timing';

export interface ColdStartRun {
  /** From starting workerd to its isolate accepting requests (process start, bundle load, module evaluation). */
  workerdReadyMs: number;
  /** The first prediction's round trip; the worker's own split of it, from its Server-Timing header. */
  firstPredictionMs: number;
  r2ReadMs: number;
  wasmInstantiateMs: number;
  sessionCreateMs: number;
  /** The golden vectors' read and check: the new session's first run. */
  goldenCheckMs: number;
  /** The rest of the first prediction: routing, manifest and channels reads, preprocessing, the run, HTTP. */
  otherMs: number;
  /** Isolate start to first prediction: workerdReadyMs + firstPredictionMs. */
  totalMs: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Starts `runs` fresh workers one after another and times each one's first prediction, split
 * into the parts the worker reports in `Server-Timing` (see edge/src/models/format-load-timing.ts).
 */
export async function measureColdStart(
  runs: number,
  start: () => Promise<RunningWorker>,
  firstPrediction: (worker: RunningWorker) => Promise<Response>,
): Promise<{ runs: ColdStartRun[]; median: ColdStartRun }> {
  const results: ColdStartRun[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const worker = await start();
    try {
      const ready = performance.now();
      const response = await firstPrediction(worker);
      await response.arrayBuffer();
      const answered = performance.now();
      if (response.status !== 200) throw new Error(`the first prediction answered ${response.status}`);
      const split = parseServerTiming(response.headers.get('server-timing'));
      const firstPredictionMs = answered - ready;
      const r2ReadMs = split.r2 ?? Number.NaN;
      const wasmInstantiateMs = split.wasm ?? Number.NaN;
      const sessionCreateMs = split.session ?? Number.NaN;
      const goldenCheckMs = split.golden ?? Number.NaN;
      results.push({
        workerdReadyMs: round(ready - started),
        firstPredictionMs: round(firstPredictionMs),
        r2ReadMs,
        wasmInstantiateMs,
        sessionCreateMs,
        goldenCheckMs,
        otherMs: round(firstPredictionMs - r2ReadMs - wasmInstantiateMs - sessionCreateMs - goldenCheckMs),
        totalMs: round(answered - started),
      });
    } finally {
      await worker.dispose();
    }
  }
  const keys = Object.keys(results[0]!) as (keyof ColdStartRun)[];
  const median = Object.fromEntries(keys.map((key) => [key, medianOf(results.map((run) => run[key]))])) as unknown as ColdStartRun;
  return { runs: results, median };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
}
