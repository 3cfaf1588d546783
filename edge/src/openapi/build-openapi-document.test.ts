import type { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { buildOpenApiDocument } from './build-openapi-document.ts';

/** The smallest valid WebAssembly module: createApp only keeps it, listing routes runs nothing. */
// workers-types declares WebAssembly.Module abstract (workerd cannot compile at run time); Node can.
const NodeWasmModule = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
const EMPTY_WASM = new NodeWasmModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

interface Operation {
  operationId?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { example?: unknown; examples?: Record<string, unknown> }> }>;
}

describe("the app's OpenAPI document", () => {
  const app = createApp({ wasmModule: EMPTY_WASM });
  const document = buildOpenApiDocument(app as unknown as OpenAPIHono, 'https://edgeml.dev');
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ key: `${method} ${path}`, operation })),
  );

  it('has each route of the app once, and no route the app lacks', () => {
    const appRoutes = app.routes
      // ALL routes are middleware and the method_not_allowed fallbacks, not operations.
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(appRoutes.length).toBeGreaterThan(20);
    // Each operation once in the document, and each route once in the app (a route's handler and its validators count once).
    expect(new Set(operations.map((operation) => operation.key)).size).toBe(operations.length);
    expect(operations.map((operation) => operation.key).sort()).toEqual([...new Set(appRoutes)].sort());
  });

  it('gives every operation a unique operationId, an example answer, and an example body where it takes one', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, operation } of operations) {
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))!;
      const hasExample = (content: { example?: unknown; examples?: Record<string, unknown> }) => content.example !== undefined || Object.keys(content.examples ?? {}).length > 0;
      if (success[0] !== '204') expect(Object.values(success[1].content ?? {}).every(hasExample), `${key} ${success[0]}`).toBe(true);
      for (const [mediaType, content] of Object.entries(operation.requestBody?.content ?? {})) expect(hasExample(content), `${key} ${mediaType}`).toBe(true);
    }
  });

  it('puts the bearer scheme on every admin route and names its server', () => {
    for (const { key, operation } of operations) {
      if (key.includes(' /v1/admin/')) expect(operation.security, key).toEqual([{ adminToken: [] }]);
    }
    expect(document.components?.securitySchemes?.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.servers).toEqual([{ url: 'https://edgeml.dev', description: 'this worker' }]);
  });

  it('is OpenAPI 3.1 with every referenced component defined', () => {
    expect(document.openapi).toBe('3.1.0');
    const references = [...JSON.stringify(document.paths).matchAll(/#\/components\/schemas\/([A-Za-z]+)/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(10);
    for (const name of references) expect(document.components?.schemas, name).toHaveProperty(name);
    // The generated JSON Schema keeps the zod constraints.
    expect(document.components?.schemas?.PredictJsonRequest).toMatchObject({ additionalProperties: false });
  });
});
