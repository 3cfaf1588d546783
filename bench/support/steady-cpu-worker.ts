import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { useWorkerBundle } from '@edgeml/trainer/deploy/start-edge-worker';
import { workerdProcesses } from '@edgeml/trainer/deploy/workerd-rss';
import { startWorker, type RunningWorker } from '@edgeml/test/support/start-worker';
import { processCpuMs } from './process-cpu-ms.ts';

/** A started worker, its workerd process, and the main-thread CPU per request of a run of requests. */
export interface SteadyCpuWorker {
  worker: RunningWorker;
  /** Sends `count` requests one after another (each read to its end, 200 required): main-thread CPU ms per request. */
  cpuPerRequest(count: number, request: (worker: RunningWorker, i: number) => Promise<Response>): Promise<number>;
  dispose(): Promise<void>;
}

/**
 * Starts the worker of the bundle in `bundleDir` (a `wrangler deploy --dry-run --outdir` folder; the
 * current build when undefined) over the local R2 in `persistDir`, with its rate limit off, and finds
 * its workerd process: the steady-state measurements read that process's CPU time.
 */
export async function startSteadyCpuWorker(persistDir: string, bundleDir?: string, inspector = false): Promise<SteadyCpuWorker> {
  if (bundleDir !== undefined) {
    const names = (await readdir(bundleDir)).filter((name) => !name.endsWith('.map'));
    const files = await Promise.all(names.map(async (name) => ({ name, bytes: (await stat(path.join(bundleDir, name))).size })));
    useWorkerBundle({ dir: bundleDir, files, bytes: files.reduce((sum, file) => sum + file.bytes, 0) });
  }
  const before = new Set(workerdProcesses().map((process) => process.pid));
  // As on Cloudflare, workerd hands each request straight to our isolate (no Miniflare entry worker),
  // and a steady client keeps its connection: what is left is the isolate's work and workerd's HTTP.
  const worker = await startWorker({ persistDir, vars: { RATE_LIMIT_REQUESTS: '0' }, direct: true, freshConnections: false, ...(inspector ? { inspectorPort: 0 } : {}) });
  const spawned = workerdProcesses().filter((process) => !before.has(process.pid));
  if (spawned.length !== 1) {
    await worker.dispose();
    throw new Error(`expected one new workerd process, found ${spawned.length}`);
  }
  const pid = spawned[0]!.pid;
  return {
    worker,
    async cpuPerRequest(count, request) {
      const started = processCpuMs(pid).main;
      for (let i = 0; i < count; i++) {
        const response = await request(worker, i);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`the worker answered ${response.status}`);
      }
      return (processCpuMs(pid).main - started) / count;
    },
    dispose: () => worker.dispose(),
  };
}
