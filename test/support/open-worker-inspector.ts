import WebSocket from 'ws';

export interface WorkerHeap {
  /** V8 heap in use after a full GC, MiB: what the worker's JavaScript still references. */
  usedMiB: number;
  /** V8 heap reserved, MiB. */
  totalMiB: number;
  /** ArrayBuffer backing stores still alive after the GC, MiB. */
  arrayBuffersMiB: number;
}

/** V8's sampled CPU profile (the DevTools Protocol's `Profiler.Profile`). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  /** The leaf node of each sample, and the µs since the sample before it. */
  samples: number[];
  timeDeltas: number[];
}

export interface WorkerInspector {
  /** Runs a full GC in the worker's isolate, then reads its heap: a leak in our JavaScript keeps growing here. */
  heapAfterGc(): Promise<WorkerHeap>;
  /** Samples the isolate's stack every `intervalUs` while `during` runs: where its CPU time goes. */
  cpuProfile(during: () => Promise<void>, intervalUs?: number): Promise<CpuProfile>;
  close(): void;
}

const MiB = 2 ** 20;

/**
 * Connects to a workerd worker's V8 inspector (Miniflare's `inspectorPort`) over the Chrome
 * DevTools Protocol. RSS alone cannot tell a leak in the worker's JavaScript from memory that
 * workerd, Miniflare's own workers or the allocator keep; the isolate's heap after a GC can.
 */
export async function openWorkerInspector(inspectorUrl: URL, isUserWorker = (id: string) => id.startsWith('core:user:')): Promise<WorkerInspector> {
  // Miniflare's workerd also runs its own workers (core:entry, r2:bucket, cache...): each is a target.
  const targets = (await (await fetch(new URL('/json/list', inspectorUrl))).json()) as { id: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((entry) => isUserWorker(entry.id));
  if (!target) throw new Error(`no inspector target for the worker among: ${targets.map((entry) => entry.id).join(', ')}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => (socket.once('open', () => resolve()), socket.once('error', reject)));
  let nextId = 1;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: { message: string } };
    const entry = message.id === undefined ? undefined : waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id!);
    if (message.error) entry.reject(new Error(`inspector: ${message.error.message}`));
    else entry.resolve(message.result);
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async heapAfterGc() {
      // workerd ignores HeapProfiler.collectGarbage (the heap reads the same after it); a heap
      // snapshot runs a full GC first, and its chunks are dropped unread.
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const usage = await send<{ usedSize: number; totalSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
      const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
      return { usedMiB: mib(usage.usedSize), totalMiB: mib(usage.totalSize), arrayBuffersMiB: mib(usage.backingStorageSize ?? 0) };
    },
    async cpuProfile(during, intervalUs = 100) {
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: intervalUs });
      await send('Profiler.start');
      const stop = () => send<{ profile: CpuProfile }>('Profiler.stop');
      try {
        await during();
      } catch (error) {
        await stop().catch(() => {});
        throw error;
      }
      return (await stop()).profile;
    },
    close: () => socket.close(),
  };
}
