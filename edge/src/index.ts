import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm';
import { createApp } from './app.ts';
import { createScheduledHandler } from './scheduled/create-scheduled-handler.ts';
import { warmUpOrtAtModuleScope } from './runtime/warm-up-ort.ts';

await warmUpOrtAtModuleScope(ortWasm);

const app = createApp({ wasmModule: ortWasm });

/** The worker: one app, and so one model cache, per isolate; `scheduled` runs the retrain check. */
export default {
  fetch: app.fetch,
  scheduled: createScheduledHandler({ wasmModule: ortWasm }),
} satisfies ExportedHandler<Env>;
