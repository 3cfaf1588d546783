import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { NativeKernels } from './native-kernels.ts';

export type NativeKernelsLoad = { ok: true; kernels: NativeKernels; path: string } | { ok: false; reason: string };

const here = path.dirname(fileURLToPath(import.meta.url));
/** The addon's C++ sources. */
export const NATIVE_SOURCE_DIR = path.resolve(here, '../../../native');
const MAIN_SOURCE = 'edgeml-kernels.cc';
// -march=native: built on the machine that runs it, so the cache key names the CPU too.
const FLAGS = ['-std=c++17', '-O3', '-march=native', '-fPIC', '-shared', '-pthread'];

let loading: Promise<NativeKernelsLoad> | undefined;

/**
 * The native GEMM/convolution addon, compiled at first use with the system's C++ compiler into
 * `.artifacts/native/` (ignored) and cached by a hash of its sources, flags, compiler and CPU, so
 * `npm ci` never builds anything. Resolves `{ ok: false, reason }` when `EDGEML_NATIVE_KERNELS=0`,
 * or the compiler or Node's headers are missing, or the build fails: the wasm kernels stay then.
 */
export function loadNativeKernels(env: NodeJS.ProcessEnv = process.env): Promise<NativeKernelsLoad> {
  if (env.EDGEML_NATIVE_KERNELS === '0') return Promise.resolve({ ok: false, reason: 'EDGEML_NATIVE_KERNELS=0' });
  loading ??= buildNativeKernels(env);
  return loading;
}

/** Builds (unless cached) and loads the addon each call; `loadNativeKernels` is the once-per-process entry. */
export function buildNativeKernels(env: NodeJS.ProcessEnv = process.env): Promise<NativeKernelsLoad> {
  return buildAndLoad(env).catch((error: unknown) => ({ ok: false as const, reason: firstLine(error) }));
}

async function buildAndLoad(env: NodeJS.ProcessEnv): Promise<NativeKernelsLoad> {
  const headers = nodeHeaderDirs().find((dir) => existsSync(path.join(dir, 'node_api.h')));
  if (!headers) return { ok: false, reason: `node_api.h not found (looked in ${nodeHeaderDirs().join(', ')})` };
  const compiler = env.CXX || 'g++';
  const run = promisify(execFile);
  let version: string;
  try {
    version = (await run(compiler, ['--version'], { timeout: 10_000 })).stdout.split('\n')[0]!;
  } catch {
    return { ok: false, reason: `C++ compiler "${compiler}" not found` };
  }
  const cacheDir = env.EDGEML_NATIVE_CACHE || path.resolve(here, '../../../../.artifacts/native');
  const output = path.join(cacheDir, `edgeml-kernels-${sourceHash([version, ...FLAGS, os.cpus()[0]?.model ?? '', process.arch])}.node`);
  if (!existsSync(output)) {
    mkdirSync(cacheDir, { recursive: true });
    // Built beside its final name and renamed, so concurrent first uses (test workers) never load half a file.
    const partial = `${output}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await run(compiler, [...FLAGS, `-I${headers}`, '-o', partial, path.join(NATIVE_SOURCE_DIR, MAIN_SOURCE)], { timeout: 180_000 });
      renameSync(partial, output);
    } catch (error) {
      rmSync(partial, { force: true });
      const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
      return { ok: false, reason: `native build failed: ${stderr || firstLine(error)}` };
    }
  }
  const kernels = createRequire(import.meta.url)(output) as NativeKernels;
  return { ok: true, kernels, path: output };
}

function nodeHeaderDirs(): string[] {
  return [path.resolve(path.dirname(process.execPath), '../include/node'), '/usr/include/node', '/usr/local/include/node'];
}

function sourceHash(extra: string[]): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(NATIVE_SOURCE_DIR).filter((f) => /\.(cc|h)$/.test(f)).sort()) {
    hash.update(name).update(readFileSync(path.join(NATIVE_SOURCE_DIR, name)));
  }
  for (const value of extra) hash.update(value);
  return hash.digest('hex').slice(0, 16);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
