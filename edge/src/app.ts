import { timing } from 'hono/timing';
import { feedbackRoutes } from './feedback/feedback-routes.ts';
import { edgeConfig } from './middleware/config/index.ts';
import { corsMiddleware } from './middleware/cors/index.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler/index.ts';
import { rateLimit } from './middleware/rate-limit/index.ts';
import { requestLog } from './middleware/request-log/index.ts';
import { ModelRegistry } from './models/model-registry.ts';
import { createApiApp } from './openapi/create-api-app.ts';
import { datasetRoutes } from './datasets/dataset-routes.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { healthz } from './routes/healthz.ts';
import { legacyPredictRoutes } from './routes/legacy-predict.ts';
import { modelsRoutes } from './routes/models.ts';
import { openapiRoutes } from './routes/openapi.ts';
import { tokenRoutes } from './tokens/token-routes.ts';
import { trainingRoutes } from './training/training-routes.ts';

/**
 * The worker's HTTP app. `wasmModule` is onnxruntime-web's compiled WASM: the worker entry
 * imports it (wrangler's CompiledWasm rule); tests may compile it themselves. `registry`, when
 * given, is the isolate's one model registry (shared with the scheduled handler); else one is made here.
 * The return type is inferred: it carries every route's types for `hc` (@edgeml/client).
 */
export function createApp(options: { wasmModule: WebAssembly.Module; registry?: ModelRegistry }) {
  const registry = options.registry ?? new ModelRegistry(options.wasmModule);
  // One limiter for the API routes, so a client's requests to any of them share one bucket.
  const limiter = rateLimit();
  // The routes' definitions gather here as they are mounted; /openapi.json reads them from it.
  const root = createApiApp();
  return root
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
    .route('/v1/admin/tokens', tokenRoutes())
    .route('/v1/admin', adminRoutes(registry))
    .route('/v1/datasets', datasetRoutes())
    .route('/v1/training', trainingRoutes())
    .route('/predict', legacyPredictRoutes(registry))
    .route('/', openapiRoutes(root))
    .notFound(notFoundHandler)
    .onError(errorHandler);
}

/** The app's type, routes included: what `hc<AppType>` (@edgeml/client) is built on. */
export type AppType = ReturnType<typeof createApp>;
