import { workerdProcesses } from '@edgeml/trainer/deploy/workerd-rss';
import type { RunningWorker } from '@edgeml/test/support/start-worker';
import { processCpuMs } from './process-cpu-ms.ts';

/** Enough for V8's worker threads to go quiet after a text model's first requests (~400 measured). */
const WARM_UP_REQUESTS = 600;

export interface WorkerCpuRun {
  /** From starting the worker (Miniflare, workerd, module scope with the ORT warm-up) to accepting requests. */
  readyMs: number;
  /** workerd's CPU time until then: process start, Miniflare's services, our module scope. */
  startCpuMs: number;
  firstRequestMs: number;
  /** CPU time of the workerd process during the first request, main thread / all threads. */
  firstCpuMainMs: number;
  firstCpuAllMs: number;
  /**
   * Mean over `steadyRequests` sequential requests once WARM_UP_REQUESTS have warmed the isolate up
   * (V8 compiles hot functions on its worker threads and collects the first requests' garbage
   * meanwhile: that is start-up, not steady state), main thread / all threads.
   */
  steadyCpuMainMs: number;
  steadyCpuAllMs: number;
  /** The same for `GET /healthz`: the floor of the path a request takes (workerd's HTTP, Miniflare's entry worker when in front, our middleware), none of it inference. */
  healthzCpuMainMs: number;
  rssMiB: number;
  ortWasmMiB: number;
}

/**
 * Starts a fresh worker and measures, as CPU time of its workerd process (/proc schedstat, not
 * wall time), its start, its first request and its steady-state requests.
 */
export async function measureWorkerCpu(start: () => Promise<RunningWorker>, request: (worker: RunningWorker) => Promise<Response>, steadyRequests: number): Promise<WorkerCpuRun> {
  const before = new Set(workerdProcesses().map((process) => process.pid));
  const started = performance.now();
  const worker = await start();
  try {
    const readyMs = performance.now() - started;
    const spawned = workerdProcesses().filter((process) => !before.has(process.pid));
    if (spawned.length !== 1) throw new Error(`expected one new workerd process, found ${spawned.length}`);
    const pid = spawned[0]!.pid;
    const send = async (make: () => Promise<Response>) => {
      const response = await make();
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the worker answered ${response.status}`);
    };
    const atReady = processCpuMs(pid);
    const firstStarted = performance.now();
    await send(() => request(worker));
    const firstRequestMs = performance.now() - firstStarted;
    const afterFirst = processCpuMs(pid);
    for (let i = 0; i < WARM_UP_REQUESTS; i++) await send(() => request(worker));
    const warmed = processCpuMs(pid);
    for (let i = 0; i < steadyRequests; i++) await send(() => request(worker));
    const afterSteady = processCpuMs(pid);
    for (let i = 0; i < steadyRequests; i++) await send(() => worker.fetch('/healthz'));
    const afterHealthz = processCpuMs(pid);
    const health = (await (await worker.fetch('/healthz')).json()) as { isolate?: { wasmMemoryBytes?: number } };
    const rssKiB = workerdProcesses().find((process) => process.pid === pid)?.rssKiB ?? Number.NaN;
    return {
      readyMs,
      startCpuMs: atReady.all,
      firstRequestMs,
      firstCpuMainMs: afterFirst.main - atReady.main,
      firstCpuAllMs: afterFirst.all - atReady.all,
      steadyCpuMainMs: (afterSteady.main - warmed.main) / steadyRequests,
      steadyCpuAllMs: (afterSteady.all - warmed.all) / steadyRequests,
      healthzCpuMainMs: (afterHealthz.main - afterSteady.main) / steadyRequests,
      rssMiB: rssKiB / 1024,
      ortWasmMiB: (health.isolate?.wasmMemoryBytes ?? Number.NaN) / 2 ** 20,
    };
  } finally {
    await worker.dispose();
  }
}
