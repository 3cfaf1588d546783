import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch-train-throughput.py', import.meta.url));

export interface TorchThroughput {
  torch: string;
  threads: number;
  /** BLAS from torch's build configuration (`torch.__config__.show()`). */
  blas: string;
  /** BLAS shared libraries mapped into the process while it trained. */
  blasLibraries: string[];
  batch: number;
  /** cpuMsPerStep: the process's CPU time (every thread's) per step. */
  rows: { model: string; samplesPerSecond: number; cpuMsPerStep: number }[];
}

export type TorchResult = { available: true; result: TorchThroughput } | { available: false; reason: string };

/**
 * PyTorch's training samples/s for the bench's models (by name), or why it could not run. OpenBLAS tuning
 * variables set for other jobs on this machine are dropped for this one command, so OpenBLAS
 * detects the CPU itself.
 */
export function measureTorchThroughput(options: { threads: number; batch: number; seconds: number; models: string[] }): TorchResult {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(options.threads), OPENBLAS_NUM_THREADS: String(options.threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { env, encoding: 'utf8' });
  if (probe.error) return { available: false, reason: `${PYTHON}: ${probe.error.message}` };
  if (probe.status !== 0) return { available: false, reason: lastLine(probe.stderr) || `${PYTHON} cannot import torch` };
  const args = [SCRIPT, '--threads', String(options.threads), '--batch', String(options.batch), '--seconds', String(options.seconds), '--models', options.models.join(',')];
  const run = spawnSync(PYTHON, args, { env, encoding: 'utf8' });
  if (run.status !== 0) return { available: false, reason: lastLine(run.stderr) || `exit ${run.status}` };
  return { available: true, result: JSON.parse(lastLine(run.stdout)) as TorchThroughput };
}

function lastLine(text: string | null): string {
  return (text ?? '').trim().split('\n').at(-1) ?? '';
}
