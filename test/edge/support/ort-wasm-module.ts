import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * onnxruntime-web's WASM compiled in Node, as workerd receives it through wrangler's
 * CompiledWasm rule, so `edge/src/runtime/ort.ts` can be tested outside workerd too.
 */
export async function compileOrtWasmModule(): Promise<WebAssembly.Module> {
  const file = createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
  return WebAssembly.compile(await readFile(file));
}
