import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { NativeKernels } from './native-kernels.ts';

export type NativeKernelsLoad = { ok: true; kernels: NativeKernels; path: string; isa: NativeIsaChoice } | { ok: false; reason: string };

/**
 * The micro-kernel paths the addon can be built for (sgemm.h picks its vector width from the
 * build's target macros): `generic` is the compiler's baseline target (SSE2 on x86-64, NEON on
 * ARM64), `avx2` adds AVX2+FMA, `avx512` AVX-512F. `native` (the default) is `-march=native`: the
 * best of them, tuned for this CPU.
 */
export const NATIVE_ISAS = ['generic', 'avx2', 'avx512'] as const;
export type NativeIsa = (typeof NATIVE_ISAS)[number];
export type NativeIsaChoice = NativeIsa | 'native';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The addon's C++ sources. */
export const NATIVE_SOURCE_DIR = path.resolve(here, '../../../native');
const MAIN_SOURCE = 'edgeml-kernels.cc';
// Hidden visibility: several builds (one per ISA) can be loaded into one process without sharing inline symbols.
// No errno from math functions (nothing reads it): loops calling std::sqrt (Adam's update) vectorise.
const FLAGS = ['-std=c++17', '-O3', '-fno-math-errno', '-fPIC', '-shared', '-pthread', '-fvisibility=hidden'];
/** Target flags per path. `native` is built on the machine that runs it, so the cache key names the CPU too. */
const ISA_FLAGS: Record<NativeIsaChoice, string[]> = {
  generic: [],
  avx2: ['-mavx2', '-mfma'],
  avx512: ['-mavx512f', '-mavx2', '-mfma'],
  native: ['-march=native'],
};
/** The compiler's predefined macros that say a path can run here (read from `-march=native`). */
const ISA_MACROS: Record<NativeIsa, string[]> = { generic: [], avx2: ['__AVX2__', '__FMA__'], avx512: ['__AVX512F__', '__AVX2__', '__FMA__'] };

const run = promisify(execFile);
let loading: Promise<NativeKernelsLoad> | undefined;

/**
 * The native GEMM/convolution addon, compiled at first use with the system's C++ compiler into
 * `.artifacts/native/` (ignored) and cached by a hash of its sources, flags, compiler and CPU, so
 * `npm ci` never builds anything. `EDGEML_NATIVE_ISA` picks the micro-kernel path (default
 * `native`). Resolves `{ ok: false, reason }` when `EDGEML_NATIVE_KERNELS=0`, the compiler or
 * Node's headers are missing, the CPU cannot run the requested path, or the build fails: the wasm
 * kernels stay then.
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

/**
 * The paths this CPU can run, as the compiler sees it (`-march=native`'s macros): always `generic`,
 * then `avx2` and `avx512` where present. Empty when there is no compiler.
 */
export async function supportedNativeIsas(env: NodeJS.ProcessEnv = process.env): Promise<NativeIsa[]> {
  const compiler = env.CXX || 'g++';
  let macros: string;
  try {
    macros = (await run(compiler, ['-march=native', '-dM', '-E', '-x', 'c++', '/dev/null'], { timeout: 30_000 })).stdout;
  } catch {
    // Compilers that reject -march=native here (some ARM64 clang builds) still build the baseline.
    return (await compilerVersion(compiler)) ? ['generic'] : [];
  }
  const defined = new Set([...macros.matchAll(/^#define (\w+)/gm)].map((match) => match[1]!));
  return NATIVE_ISAS.filter((isa) => ISA_MACROS[isa].every((macro) => defined.has(macro)));
}

async function compilerVersion(compiler: string): Promise<string | undefined> {
  try {
    return (await run(compiler, ['--version'], { timeout: 10_000 })).stdout.split('\n')[0]!;
  } catch {
    return undefined;
  }
}

/** `EDGEML_NATIVE_ISA`, checked against the paths this CPU runs: the flags to build with, or why not. */
async function chooseIsa(env: NodeJS.ProcessEnv): Promise<{ ok: true; isa: NativeIsaChoice } | { ok: false; reason: string }> {
  const requested = env.EDGEML_NATIVE_ISA || 'native';
  if (requested === 'native') return { ok: true, isa: 'native' };
  if (!(NATIVE_ISAS as readonly string[]).includes(requested)) {
    return { ok: false, reason: `EDGEML_NATIVE_ISA="${requested}" is not one of native, ${NATIVE_ISAS.join(', ')}` };
  }
  const supported = await supportedNativeIsas(env);
  if (!supported.includes(requested as NativeIsa)) {
    return { ok: false, reason: `EDGEML_NATIVE_ISA=${requested}: this CPU runs only ${supported.join(', ') || 'none (no compiler)'}` };
  }
  return { ok: true, isa: requested as NativeIsa };
}

async function buildAndLoad(env: NodeJS.ProcessEnv): Promise<NativeKernelsLoad> {
  const headers = nodeHeaderDir();
  if (!headers) return { ok: false, reason: `node_api.h not found (looked in ${nodeHeaderDirs().join(', ')})` };
  const compiler = env.CXX || 'g++';
  const version = await compilerVersion(compiler);
  if (!version) return { ok: false, reason: `C++ compiler "${compiler}" not found` };
  const choice = await chooseIsa(env);
  if (!choice.ok) return choice;
  const flags = [...FLAGS, ...ISA_FLAGS[choice.isa]];
  const cacheDir = env.EDGEML_NATIVE_CACHE || path.resolve(here, '../../../../.artifacts/native');
  const output = path.join(cacheDir, `edgeml-kernels-${choice.isa}-${sourceHash([version, ...flags, os.cpus()[0]?.model ?? '', process.arch])}.node`);
  if (!existsSync(output)) {
    mkdirSync(cacheDir, { recursive: true });
    // Built beside its final name and renamed, so concurrent first uses (test workers) never load half a file.
    const partial = `${output}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await run(compiler, [...flags, `-I${headers}`, '-o', partial, path.join(NATIVE_SOURCE_DIR, MAIN_SOURCE)], { timeout: 180_000 });
      renameSync(partial, output);
    } catch (error) {
      rmSync(partial, { force: true });
      const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
      return { ok: false, reason: `native build failed: ${stderr || firstLine(error)}` };
    }
  }
  const kernels = createRequire(import.meta.url)(output) as NativeKernels;
  return { ok: true, kernels, path: output, isa: choice.isa };
}

/** The folder of Node's `node_api.h`, if this install has one. */
export function nodeHeaderDir(): string | undefined {
  return nodeHeaderDirs().find((dir) => existsSync(path.join(dir, 'node_api.h')));
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
