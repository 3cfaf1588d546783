/**
 * The only module that imports TensorFlow.js. It picks the fastest backend that loads here,
 * once per process: tfjs-node-gpu, then tfjs-node, then the wasm backend (with the gradient
 * kernels it lacks registered), then cpu. `EDGEML_TF_BACKEND` or `selectBackend({ backend })`
 * forces one.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TrainerError } from './errors.ts';
import { prepareWasmThreads } from './kernels/prepare-wasm-threads.ts';
import { registerWasmGradientKernels } from './kernels/register-wasm-gradient-kernels.ts';
import { loadNativeKernels } from './kernels/native/load-native-kernels.ts';
import { registerNativeKernels } from './kernels/native/register-native-kernels.ts';

// Production mode is tfjs's supported switch for its console notices (tf.util warn/log, nothing
// else): without it the cpu backend's first tensor prints "Hi, looks like you are running
// TensorFlow.js in Node.js…" to every user, though the backend was picked on purpose here.
tf.enableProdMode();

export { tf };
export type Tensor = tf.Tensor;
export type LayersModel = tf.LayersModel;

export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendSelection {
  /** What was asked for (`auto` tries each in order). */
  requested: BackendName | 'auto';
  /** The backend in use. */
  name: BackendName;
  /** The tfjs backend id (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  /** Why each faster backend was skipped. */
  skipped: { name: BackendName; reason: string }[];
  /** On wasm: which kernels do the heavy work, e.g. `native avx512 ×2 threads (Conv2D, …)` or `wasm (native off: …)`. */
  kernels?: string;
}

let selection: Promise<BackendSelection> | undefined;

export function parseBackendName(value: string): BackendName | 'auto' {
  if (value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName | 'auto';
  throw new TrainerError('invalid_argument', `unknown backend "${value}": use auto, ${BACKEND_NAMES.join(', ')}`);
}

/** Selects the backend once per process; later calls return the first selection. */
export function selectBackend(options: { backend?: BackendName | 'auto' } = {}): Promise<BackendSelection> {
  selection ??= pickBackend(options.backend ?? parseBackendName(process.env.EDGEML_TF_BACKEND ?? 'auto'));
  return selection;
}

async function pickBackend(requested: BackendName | 'auto'): Promise<BackendSelection> {
  const order: BackendName[] = requested === 'auto' ? [...BACKEND_NAMES] : [requested];
  const skipped: BackendSelection['skipped'] = [];
  for (const name of order) {
    try {
      const { tfBackend, kernels } = await activate(name);
      return { requested, name, tfBackend, skipped, ...(kernels ? { kernels } : {}) };
    } catch (error) {
      skipped.push({ name, reason: firstLine(error) });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new TrainerError('backend_unavailable', `no TensorFlow.js backend could start (${reasons})`);
}

async function activate(name: BackendName): Promise<{ tfBackend: string; kernels?: string }> {
  switch (name) {
    case 'tensorflow-gpu':
      // Registers the `tensorflow` backend with CUDA kernels in this same tfjs engine.
      await importOptional('@tensorflow/tfjs-node-gpu');
      return { tfBackend: await setBackend('tensorflow') };
    case 'tensorflow':
      await importOptional('@tensorflow/tfjs-node');
      return { tfBackend: await setBackend('tensorflow') };
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const require = createRequire(import.meta.url);
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(`${dist}${path.sep}`);
      registerWasmGradientKernels();
      const kernels = await useNativeKernels();
      const threads = wasmThreadCount();
      const restore = threads > 1 ? prepareWasmThreads(threads, wasm.setThreadsCount) : undefined;
      try {
        return { tfBackend: await setBackend('wasm'), kernels };
      } finally {
        restore?.();
      }
    }
    case 'cpu':
      return { tfBackend: await setBackend('cpu') };
  }
}

/**
 * Convolutions and matmuls go to the native addon (trainer/native/, built at first use) when it
 * builds and loads here; otherwise they stay on the wasm kernels, with one line saying why.
 */
async function useNativeKernels(): Promise<string> {
  const loaded = await loadNativeKernels();
  if (!loaded.ok) {
    if (process.env.EDGEML_NATIVE_KERNELS !== '0') console.warn(`native kernels unavailable (${loaded.reason}); using the wasm kernels`);
    return `wasm (native off: ${loaded.reason})`;
  }
  const names = registerNativeKernels(loaded.kernels);
  const { simd, threads } = loaded.kernels.info();
  return `native ${simd} ×${threads} threads (${names.join(', ')})`;
}

/**
 * XNNPACK threads for the wasm backend: `EDGEML_WASM_THREADS` (default 1, the single-threaded
 * build; on this busy 2-core machine 2 threads measured between 0.4× and 1.35× of 1, see
 * trainer/bench/README.md).
 */
export function wasmThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const requested = env.EDGEML_WASM_THREADS;
  if (requested === undefined || requested === '') return 1;
  const threads = Number(requested);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new TrainerError('invalid_argument', `EDGEML_WASM_THREADS must be a whole number ≥ 1, not "${requested}"`);
  }
  return threads;
}

/**
 * The native packages are optional dependencies that do not install everywhere; importing them
 * through a variable keeps the type checker from requiring their declarations.
 */
function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

async function setBackend(id: string): Promise<string> {
  const ok = await tf.setBackend(id);
  if (!ok || tf.getBackend() !== id) throw new Error(`tfjs could not initialise the "${id}" backend`);
  await tf.ready();
  return id;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
