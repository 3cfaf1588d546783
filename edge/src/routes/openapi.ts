import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { buildOpenApiDocument } from '../openapi/build-openapi-document.ts';
import { renderReferencePage } from '../openapi/render-reference-page.ts';

/** `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs` (its reference page). */
export const openapiRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (c) => c.json(buildOpenApiDocument()))
  .get('/docs', (c) => c.html(renderReferencePage(buildOpenApiDocument())));
