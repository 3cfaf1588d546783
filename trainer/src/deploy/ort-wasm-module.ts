import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

let wasmModule: Promise<WebAssembly.Module> | undefined;

/**
 * onnxruntime-web's WASM, compiled once per process, as wrangler's CompiledWasm rule hands it to
 * workerd. Every Node-side user of edge/src/runtime/ort.ts takes it from here: ORT is initialised
 * once per process with one module.
 */
export function ortWasmModule(): Promise<WebAssembly.Module> {
  wasmModule ??= (async () => {
    const file = createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
    return WebAssembly.compile(await readFile(file));
  })();
  return wasmModule;
}
