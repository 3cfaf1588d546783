import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../support/published-model.ts';

const TRAINER = path.join(REPO_ROOT, 'trainer', 'bin', 'trainer.mjs');
const running = new Set<ChildProcess>();

export interface RunnerExit {
  code: number | null;
  /** What the runner printed per job: `{ job, status, … }`. */
  runs: { job: string; status: string; reason?: { kind: string }; released?: boolean }[];
  stderr: string;
}

/** `trainer jobs run` once, as its own process (a runner on another machine would be), against `endpoint`. */
export function runnerProcess(endpoint: string, token: string, owner: string): Promise<RunnerExit> {
  const argv = ['jobs', 'run', '--endpoint', endpoint, '--owner', owner, '--lease', '30', '--backend', 'cpu', '--skip-deploy-check'];
  const child = spawn(process.execPath, [TRAINER, ...argv], { cwd: REPO_ROOT, env: { ...process.env, EDGEML_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      running.delete(child);
      const runs = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as RunnerExit['runs'][number]);
      resolve({ code, runs, stderr });
    }),
  );
}

/** Ends runner processes a failed test left behind. */
export function killRunnerProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}
