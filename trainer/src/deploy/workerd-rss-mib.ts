import { execFileSync } from 'node:child_process';

/**
 * The workerd processes started by this Node process (Miniflare's children), with their resident
 * memory, read from one `ps` listing: a second listing could miss a process that exited between them.
 */
export function workerdProcesses(): { pid: number; rssKiB: number }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, rss, comm]) => ({ pid: Number(pid), ppid: Number(ppid), rssKiB: Number(rss), comm: comm ?? '' }));
  const descendants = new Set([process.pid]);
  // Parents come before children in pid order often, but not always: iterate to a fixed point.
  for (let changed = true; changed; ) {
    changed = false;
    for (const row of rows) if (descendants.has(row.ppid) && !descendants.has(row.pid)) (descendants.add(row.pid), (changed = true));
  }
  return rows.filter((row) => descendants.has(row.pid) && row.comm.includes('workerd')).map(({ pid, rssKiB }) => ({ pid, rssKiB }));
}

/** Resident memory, in MiB, of the workerd processes started by this Node process (Miniflare's children). */
export function workerdRssMiB(): number {
  const kib = workerdProcesses().reduce((sum, worker) => sum + worker.rssKiB, 0);
  return Math.round((kib / 1024) * 10) / 10;
}
