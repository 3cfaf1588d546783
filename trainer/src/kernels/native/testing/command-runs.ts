import { execFileSync } from 'node:child_process';

/** Whether `command --version` runs here; by default the C++ compiler the addon builds with (`CXX`, else g++). */
export function commandRuns(command = process.env.CXX || 'g++'): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
