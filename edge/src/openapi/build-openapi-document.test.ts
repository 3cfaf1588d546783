import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { buildOpenApiDocument } from './build-openapi-document.ts';

/** The smallest valid WebAssembly module: createApp only keeps it, listing routes runs nothing. */
// workers-types declares WebAssembly.Module abstract (workerd cannot compile at run time); Node can.
const NodeWasmModule = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
const EMPTY_WASM = new NodeWasmModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

describe('buildOpenApiDocument', () => {
  it('documents every route of the app, and no route the app lacks', () => {
    const appRoutes = createApp({ wasmModule: EMPTY_WASM })
      // ALL routes are middleware and the method_not_allowed fallbacks, not operations.
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    const documented = Object.entries(buildOpenApiDocument().paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(appRoutes.length).toBeGreaterThan(5);
    expect(documented.sort()).toEqual([...new Set(appRoutes)].sort());
  });

  it('is OpenAPI 3.1 with every referenced component defined', () => {
    const document = buildOpenApiDocument();
    expect(document.openapi).toBe('3.1.0');
    const references = [...JSON.stringify(document.paths).matchAll(/#\/components\/schemas\/([A-Za-z]+)/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(10);
    for (const name of references) expect(document.components.schemas, name).toHaveProperty(name);
    // The generated JSON Schema keeps the zod constraints.
    expect(document.components.schemas.PredictJsonRequest).toMatchObject({ additionalProperties: false });
  });
});
