import { readFileSync, writeFileSync } from 'node:fs';
import { workerdProcesses } from '@edgeml/trainer/deploy/workerd-rss';

export interface PeakRss {
  /** workerd's RSS when the window opened, MiB. */
  startMiB: number;
  /** Its highest RSS within the window (the kernel's VmHWM), MiB. */
  peakMiB: number;
  /** peak − start: what the requests in the window made workerd hold at their worst. */
  growthMiB: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith(`${field}:`));
  if (!line) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(line.split(/\s+/)[1]);
}

/**
 * Opens a window on the peak RSS of this process's workerd (Linux only): resets the kernel's
 * high-water mark (`echo 5 > /proc/PID/clear_refs`), and `close()` reads it back. Sampling RSS
 * would miss a peak between two samples (a decode that allocates and frees within a few ms);
 * the high-water mark cannot.
 */
export function openPeakRssWindow(): { close(): PeakRss } {
  const pids = workerdProcesses().map((worker) => worker.pid);
  if (pids.length === 0) throw new Error('no workerd process under this one');
  const startKiB = pids.reduce((sum, pid) => sum + statusKiB(pid, 'VmRSS'), 0);
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
  return {
    close() {
      const peakKiB = pids.reduce((sum, pid) => sum + statusKiB(pid, 'VmHWM'), 0);
      return { startMiB: round(startKiB / 1024), peakMiB: round(peakKiB / 1024), growthMiB: round((peakKiB - startKiB) / 1024) };
    },
  };
}
