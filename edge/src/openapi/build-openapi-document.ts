import type { OpenAPIHono } from '@hono/zod-openapi';

/** The OpenAPI 3.1 document as @hono/zod-openapi generates it. */
export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/** Generated once per app and isolate: the routes do not change while it runs. */
const documents = new WeakMap<object, OpenApiDocument>();

/**
 * The OpenAPI 3.1 document of `app`, generated from its routes' own definitions (the schemas that
 * validate them, their operationIds, examples and security), with `origin` as its server.
 */
// The app's route types do not matter here, only its registry of definitions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function buildOpenApiDocument(app: OpenAPIHono<any, any, any>, origin: string): OpenApiDocument {
  let document = documents.get(app);
  if (!document) {
    document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'EdgeML',
        version: '1',
        description: 'Small neural networks served from Cloudflare Workers with onnxruntime-web. Errors answer `{ error: { code, message, details? } }` (`POST /predict`: `{ error, status: "error" }`).',
      },
      tags: [
        { name: 'predict', description: 'classify images or texts' },
        { name: 'models', description: 'the published models, their versions and curves' },
        { name: 'admin', description: 'the registry: channels, versions, audit (bearer ADMIN_TOKEN)' },
        { name: 'legacy', description: "the primer's API" },
        { name: 'service', description: 'health and this document' },
      ],
    });
    documents.set(app, document);
  }
  return { ...document, servers: [{ url: origin, description: 'this worker' }] };
}
