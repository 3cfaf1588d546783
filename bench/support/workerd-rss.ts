import { execFileSync } from 'node:child_process';

/** The workerd processes started by this Node process (Miniflare's children), by pid. */
export function workerdPids(): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? '' }));
  const descendants = new Set([process.pid]);
  // Parents come before children in pid order often, but not always: iterate to a fixed point.
  for (let changed = true; changed; ) {
    changed = false;
    for (const row of rows) if (descendants.has(row.ppid) && !descendants.has(row.pid)) (descendants.add(row.pid), (changed = true));
  }
  return rows.filter((row) => descendants.has(row.pid) && row.comm.includes('workerd')).map((row) => row.pid);
}

/** Resident memory, in MiB, of the workerd processes started by this Node process (Miniflare's children). */
export function workerdRssMiB(): number {
  const pids = workerdPids();
  if (pids.length === 0) return 0;
  const kib = execFileSync('ps', ['-o', 'rss=', '-p', pids.join(',')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .reduce((sum, line) => sum + Number(line.trim()), 0);
  return Math.round((kib / 1024) * 10) / 10;
}
