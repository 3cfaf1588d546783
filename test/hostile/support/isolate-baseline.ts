import type { WorkerInspector } from '../../support/open-worker-inspector.ts';
import type { RunningWorker } from '../../support/start-worker.ts';

export interface IsolateBaseline {
  jsHeapMiB: number;
  arrayBuffersMiB: number;
  wasmMiB: number;
  /** What the isolate holds between requests: the part of its 128 MB no request can use. */
  totalMiB: number;
}

/**
 * The worker isolate's memory between requests, as the bench reads it: its JS heap and
 * ArrayBuffers after a full GC (V8 inspector) and ORT's WASM memory (`/healthz`).
 */
export async function isolateBaseline(worker: RunningWorker, inspector: WorkerInspector): Promise<IsolateBaseline> {
  const health = (await (await worker.fetch('/healthz')).json()) as { isolate: { wasmMemoryBytes: number } };
  const heap = await inspector.heapAfterGc();
  const wasmMiB = Math.round((health.isolate.wasmMemoryBytes / 2 ** 20) * 10) / 10;
  return { jsHeapMiB: heap.usedMiB, arrayBuffersMiB: heap.arrayBuffersMiB, wasmMiB, totalMiB: Math.round((heap.usedMiB + heap.arrayBuffersMiB + wasmMiB) * 10) / 10 };
}
