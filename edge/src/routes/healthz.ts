import { createRoute } from '@hono/zod-openapi';
import { apiExamples } from '../openapi/api-examples.ts';
import { jsonResponse } from '../openapi/api-responses.ts';
import { apiSchemas } from '../openapi/api-schemas.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { ortWasmMemoryBytes } from '../runtime/ort.ts';

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getHealth',
  tags: ['service'],
  summary: 'The worker is up, and its ORT WASM memory (touches neither R2 nor ONNX Runtime)',
  responses: { 200: jsonResponse('up', apiSchemas.Health, apiExamples.health) },
});

/**
 * `GET /healthz`: the worker is up, and how large this isolate's ORT WASM memory has grown (0
 * before its first model load). It touches neither R2 nor a session, so it stays cheap.
 */
export const healthz = createApiApp().openapi(healthRoute, (c) => c.json({ status: 'ok' as const, isolate: { wasmMemoryBytes: ortWasmMemoryBytes() } }, 200));
