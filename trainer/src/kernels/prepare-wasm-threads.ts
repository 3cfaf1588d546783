import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { tf } from '../tf.ts';

/**
 * Lets the wasm backend's multi-threaded build (XNNPACK's thread pool on Emscripten pthreads) start
 * in Node, which tfjs turns off there (tfjs#3830). Three things stand in its way:
 * - the `WASM_HAS_MULTITHREAD_SUPPORT` flag is false in Node: set it;
 * - tfjs hands Emscripten its pthread worker and main script as Blob URLs, which Node's
 *   worker_threads cannot load: the worker is written to a file, and `URL.createObjectURL` answers
 *   with file paths while the backend starts;
 * - the module sizes its thread pool at load from `os.cpus().length / 2` (it assumes two hardware
 *   threads per core), so on a 2-core machine it would get one thread: `os.cpus` reports
 *   2 × `threads` while the backend starts.
 * Returns the function that undoes the patches; call it once the backend is ready.
 */
export function prepareWasmThreads(threads: number, setThreadsCount: (threads: number) => void): () => void {
  const require = createRequire(import.meta.url);
  const wasmOut = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'));
  const mainScript = path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edgeml-wasm-threads-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const workerScript = path.join(dir, 'worker.cjs');
  // In the worker the main script arrives as a Blob too; the prelude answers with its path instead.
  // The contents are a template literal whose `\n` escapes became newlines: tfjs re-escapes them too.
  const prelude = `URL.createObjectURL = () => ${JSON.stringify(mainScript)}; URL.revokeObjectURL = () => {};\n`;
  writeFileSync(workerScript, prelude + wasmWorkerContents.replace(/\n/g, '\\n'));

  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = () => workerScript;
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus()[i % cpus().length]!);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  return () => {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  };
}
