import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler/index.ts';
import { ModelRegistry } from './models/model-registry.ts';
import { healthz } from './routes/healthz.ts';
import { legacyPredictRoute } from './routes/legacy-predict.ts';
import { modelsRoutes } from './routes/models.ts';

/**
 * The worker's HTTP app. `wasmModule` is onnxruntime-web's compiled WASM: the worker entry
 * imports it (wrangler's CompiledWasm rule); tests may compile it themselves.
 */
export function createApp(options: { wasmModule: WebAssembly.Module }): Hono<AppEnv> {
  const registry = new ModelRegistry(options.wasmModule);
  return new Hono<AppEnv>()
    .route('/healthz', healthz)
    .route('/v1/models', modelsRoutes(registry))
    .route('/predict', legacyPredictRoute(registry))
    .notFound(notFoundHandler)
    .onError(errorHandler);
}
