import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm';
import { createApp } from './app.ts';

/** The worker: one app, and so one model cache, per isolate. */
export default createApp({ wasmModule: ortWasm });
