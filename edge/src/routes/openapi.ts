import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { buildOpenApiDocument } from '../openapi/build-openapi-document.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { renderReferencePage } from '../openapi/render-reference-page.ts';

const documentRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['service'],
  summary: 'This document',
  responses: {
    200: {
      description: 'the OpenAPI 3.1 document',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()), example: { openapi: '3.1.0', info: { title: 'EdgeML', version: '1' }, servers: [{ url: 'https://edgeml.dev' }], paths: {} } } },
    },
  },
});

const docsRoute = createRoute({
  method: 'get',
  path: '/docs',
  operationId: 'getReferencePage',
  tags: ['service'],
  summary: 'A reference page rendered from this document, with every example (no script, works offline)',
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string(), example: '<!doctype html><html lang="en">…<h2>Operations</h2>…</html>' } } } },
});

/** `GET /openapi.json` (the OpenAPI 3.1 document of `app`, built from its routes) and `GET /docs` (its reference page). */
// Any app: only its registry of route definitions is read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function openapiRoutes(app: OpenAPIHono<any, any, any>) {
  return createApiApp()
    .openapi(documentRoute, (c) => c.json(buildOpenApiDocument(app, new URL(c.req.url).origin), 200))
    .openapi(docsRoute, (c) => c.html(renderReferencePage(buildOpenApiDocument(app, new URL(c.req.url).origin)), 200));
}
