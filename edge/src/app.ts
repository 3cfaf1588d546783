import { Hono } from 'hono';
import { timing } from 'hono/timing';
import type { AppEnv } from './app-env.ts';
import { feedbackRoutes } from './feedback/feedback-routes.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { edgeConfig } from './middleware/config/index.ts';
import { corsMiddleware } from './middleware/cors/index.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler/index.ts';
import { rateLimit } from './middleware/rate-limit/index.ts';
import { requestLog } from './middleware/request-log/index.ts';
import { ModelRegistry } from './models/model-registry.ts';
import { healthz } from './routes/healthz.ts';
import { legacyPredictRoute } from './routes/legacy-predict.ts';
import { modelsRoutes } from './routes/models.ts';
import { openapiRoutes } from './routes/openapi.ts';

/**
 * The worker's HTTP app. `wasmModule` is onnxruntime-web's compiled WASM: the worker entry
 * imports it (wrangler's CompiledWasm rule); tests may compile it themselves.
 */
export function createApp(options: { wasmModule: WebAssembly.Module }): Hono<AppEnv> {
  const registry = new ModelRegistry(options.wasmModule);
  // One limiter for the API routes, so a client's requests to any of them share one bucket.
  const limiter = rateLimit();
  return new Hono<AppEnv>()
    // First, so it sees every request's final answer: one JSON log line and one metrics point each.
    .use('*', requestLog())
    // `Server-Timing: total;dur=…` on every response: the whole handler (parse, decode, run, respond),
    // which a benchmark sets against the body's `timing.inferenceMs`. It reads 0 on Cloudflare, whose clock stops during compute.
    .use('*', timing({ totalDescription: 'handler' }))
    .use('*', edgeConfig)
    .use('*', corsMiddleware)
    .use('/v1/*', limiter)
    .use('/predict', limiter)
    .route('/healthz', healthz)
    .route('/v1/models', modelsRoutes(registry))
    .route('/v1/models', feedbackRoutes())
    .route('/v1/admin', adminRoutes(registry))
    .route('/predict', legacyPredictRoute(registry))
    .route('/', openapiRoutes)
    .notFound(notFoundHandler)
    .onError(errorHandler);
}
