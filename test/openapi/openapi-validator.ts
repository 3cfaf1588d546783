import { z } from 'zod';

/** The served `/openapi.json` as these checks read it: paths, their answers' JSON schemas, and the components. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

/** The documented answer for a request, or why there is none. */
export type DocumentedResponse = { mediaType: string; validate(body: unknown): z.ZodSafeParseResult<unknown> } | { missing: string };

/**
 * Looks up `method path → status` in the OpenAPI document and turns its JSON schema back into a
 * zod schema (`z.fromJSONSchema`), so answers are checked against the published document itself,
 * not against the zod schemas it was generated from.
 */
export function documentedResponse(document: OpenApiDocument, method: string, path: string, status: number): DocumentedResponse {
  const template = Object.keys(document.paths).find((candidate) => templateRegex(candidate).test(path));
  if (!template) return { missing: `no path in the document matches ${path}` };
  const operation = document.paths[template]![method.toLowerCase()];
  if (!operation) return { missing: `${method} ${template} is not documented` };
  const response = operation.responses[String(status)];
  if (!response) return { missing: `${method} ${template} documents no ${status} answer` };
  const [documentedContent] = Object.entries(response.content ?? {});
  // A documented answer without content (204): nothing to validate but its absence.
  if (!documentedContent) return { mediaType: 'none', validate: (body) => z.undefined().safeParse(body) };
  const [mediaType, content] = documentedContent;
  // Component references become $defs of one self-contained schema.
  const schema: Parameters<typeof z.fromJSONSchema>[0] = JSON.parse(JSON.stringify({ ...content.schema, $defs: document.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/'));
  const zodSchema = z.fromJSONSchema(schema);
  return { mediaType, validate: (body) => zodSchema.safeParse(body) };
}

/** `/v1/models/{name}` → a regex matching `/v1/models/mnist`. */
export function templateRegex(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`);
}
