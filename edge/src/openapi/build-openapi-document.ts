import { z } from 'zod';
import { apiOperations, type ApiOperation } from './api-operations.ts';
import { apiSchemas } from './api-schemas.ts';

/** A JSON value: the document is plain data, served as JSON. */
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperationObject>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

export interface OpenApiOperationObject {
  summary: string;
  tags: string[];
  parameters?: { name: string; in: 'path' | 'query'; required: boolean; description: string; schema: { type: string } }[];
  requestBody?: { required: true; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}

let cached: OpenApiDocument | undefined;

/**
 * The OpenAPI 3.1 document of the worker, generated from the shared zod schemas with
 * `z.toJSONSchema` (draft 2020-12, the dialect OpenAPI 3.1 uses). Built once per isolate.
 */
export function buildOpenApiDocument(): OpenApiDocument {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'EdgeML',
      version: '1',
      description: 'Small neural networks served from Cloudflare Workers with onnxruntime-web. Errors answer `{ error: { code, message, details? } }`.',
    },
    paths: buildPaths(apiOperations),
    components: {
      schemas: Object.fromEntries(
        Object.entries(apiSchemas).map(([name, { schema, io }]) => {
          const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
          return [name, jsonSchema];
        }),
      ),
    },
  };
  return cached;
}

function buildPaths(operations: ApiOperation[]): OpenApiDocument['paths'] {
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method] = buildOperation(operation);
  }
  return paths;
}

function buildOperation(operation: ApiOperation): OpenApiOperationObject {
  const parameters = [
    ...(operation.pathParams ?? []).map((p) => ({ name: p.name, in: 'path' as const, required: true, description: p.description, schema: { type: 'string' } })),
    ...(operation.queryParams ?? []).map((p) => ({ name: p.name, in: 'query' as const, required: false, description: p.description, schema: { type: p.type } })),
  ];
  const result: OpenApiOperationObject = {
    summary: operation.summary,
    tags: [operation.tag],
    responses: Object.fromEntries(
      Object.entries(operation.responses).map(([status, response]) => [
        status,
        'empty' in response
          ? { description: response.description }
          : {
              description: response.description,
              content:
                'schema' in response
                  ? { 'application/json': { schema: ref(response.schema) } }
                  : { [response.mediaType]: { schema: response.mediaType === 'text/html' ? { type: 'string' } : { type: 'object' } } },
            },
      ]),
    ),
  };
  if (parameters.length > 0) result.parameters = parameters;
  if (operation.requestBody) {
    result.requestBody = {
      required: true,
      content: Object.fromEntries(
        Object.entries(operation.requestBody).map(([mediaType, body]) => [
          mediaType,
          {
            schema:
              body === 'binary'
                ? { type: 'string', contentMediaType: mediaType }
                : body === 'multipart-images'
                  ? {
                      type: 'object',
                      required: ['image'],
                      properties: { image: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } } },
                    }
                  : ref(body),
          },
        ]),
      ),
    };
  }
  return result;
}

function ref(name: string): Record<string, unknown> {
  return { $ref: `#/components/schemas/${name}` };
}
