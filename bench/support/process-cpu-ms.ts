import { readdirSync, readFileSync } from 'node:fs';

/** On-CPU time of one thread, in ms, from the scheduler's nanosecond count (/proc/…/schedstat). */
function threadCpuMs(pid: number, tid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return 0; // the thread exited between listing and reading
  }
}

/**
 * CPU time a process has used so far, in ms, at the scheduler's ns resolution rather than
 * /proc/<pid>/stat's 10 ms ticks: `main` is its main thread (where workerd runs the isolate),
 * `all` every live thread (V8's background compilers and GC too). Linux only.
 */
export function processCpuMs(pid: number): { main: number; all: number } {
  const tids = readdirSync(`/proc/${pid}/task`).map(Number);
  return { main: threadCpuMs(pid, pid), all: tids.reduce((sum, tid) => sum + threadCpuMs(pid, tid), 0) };
}
