import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { workerdProcesses } from './workerd-rss-mib.ts';

let ticksPerSecond: number | undefined;

/**
 * CPU time, in ms, that the workerd processes started by this Node process (Miniflare's children)
 * have used so far, user and system, every thread (/proc/<pid>/stat). Unlike wall time it does not
 * grow when other processes share the cores. NaN where /proc is not there to read (macOS).
 */
export function workerdCpuMs(): number {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    const ticks = workerdProcesses().reduce((sum, { pid }) => {
      // Fields after the parenthesised command: state is field 3, utime and stime fields 14 and 15.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      return sum + Number(fields[11]) + Number(fields[12]);
    }, 0);
    return (ticks / ticksPerSecond) * 1000;
  } catch {
    return Number.NaN;
  }
}
