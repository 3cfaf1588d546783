import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm';
import { createApp } from './app.ts';
import { ModelRegistry } from './models/model-registry.ts';
import { createScheduledHandler } from './scheduled/create-scheduled-handler.ts';
import { warmUpOrtAtModuleScope } from './runtime/warm-up-ort.ts';

await warmUpOrtAtModuleScope(ortWasm);

// One registry per isolate, for fetch and scheduled alike: an isolate holds one session per model version.
const registry = new ModelRegistry(ortWasm);

const app = createApp({ wasmModule: ortWasm, registry });
// Hono's SmartRouter picks and builds its matcher (one large RegExp over every route) on its first
// match: ~8 ms, here within the start-up budget instead of on an isolate's first request.
app.router.match('GET', '/');

/** The worker: one app and one model registry per isolate; `scheduled` runs the retrain check. */
export default {
  fetch: app.fetch,
  scheduled: createScheduledHandler(registry),
} satisfies ExportedHandler<Env>;
