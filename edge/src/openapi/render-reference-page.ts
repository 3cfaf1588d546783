import type { OpenApiDocument } from './build-openapi-document.ts';

/** What the page reads of an operation; the generated document holds more. */
interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; example?: unknown; schema?: { example?: unknown } }[];
  requestBody?: { content?: Record<string, Content> };
  responses?: Record<string, { description?: string; content?: Record<string, Content> }>;
}

interface Content {
  schema?: { $ref?: string };
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

/**
 * A self-contained HTML reference of the document: each operation with its parameters, its
 * example request and answers, and the component schemas. No script or CDN (Swagger UI and the
 * like load from one), so the page works offline and under a strict CSP.
 */
export function renderReferencePage(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => {
      const parameters = (operation.parameters ?? [])
        .map((p) => `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''})${p.description ? `: ${escape(p.description)}` : ''}${exampleOf(p.example ?? p.schema?.example)}</li>`)
        .join('');
      const bodies = Object.entries(operation.requestBody?.content ?? {})
        .map(([type, content]) => `<li><code>${escape(type)}</code>${schemaLink(content)}${examples(content)}</li>`)
        .join('');
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => {
          const [content] = Object.values(response.content ?? {});
          return `<li><b>${escape(status)}</b> ${escape(response.description ?? '')}${content ? schemaLink(content) + examples(content) : ''}</li>`;
        })
        .join('');
      const auth = operation.security?.length ? `<p class="auth">Authorization: Bearer token (${escape(operation.security.flatMap(Object.keys).join(', '))})</p>` : '';
      return `<section class="op" id="${escape(operation.operationId ?? `${method}-${path}`)}">
<h3><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code> <small>${escape(operation.operationId ?? '')}</small></h3>
<p>${escape(operation.summary ?? '')}</p>${auth}
${parameters ? `<h4>Parameters</h4><ul>${parameters}</ul>` : ''}
${bodies ? `<h4>Request body</h4><ul>${bodies}</ul>` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`;
    }),
  );
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(([name, schema]) => `<details id="schema-${escape(name)}"><summary>${escape(name)}</summary><pre>${escape(JSON.stringify(schema, null, 2))}</pre></details>`)
    .join('\n');
  const servers = (document.servers ?? []).map((server) => `<code>${escape(server.url)}</code>`).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
.op{border:1px solid #ddd;border-radius:6px;padding:.25rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .4rem}
.get{background:#2b7bb9}.post{background:#3a9d4a}.put,.patch{background:#c98a12}.delete{background:#c0392b}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8rem;max-height:16rem}h4{margin:.5rem 0 0}.auth{color:#8a4b00}
</style></head><body>
<h1>${escape(document.info.title)} API <small>OpenAPI ${escape(document.openapi)}</small></h1>
<p>${escape(document.info.description ?? '')} Server: ${servers}. The machine-readable document is at <a href="/openapi.json">/openapi.json</a>.</p>
<h2>Operations</h2>
${operations.join('\n')}
<h2>Schemas</h2>
${schemas}
</body></html>`;
}

function schemaLink(content: Content): string {
  const target = content.schema?.$ref?.split('/').pop();
  return target ? ` → <a href="#schema-${escape(target)}">${escape(target)}</a>` : '';
}

function examples(content: Content): string {
  const named = Object.entries(content.examples ?? {}).map(([name, example]) => exampleOf(example.value, name));
  return content.example === undefined ? named.join('') : exampleOf(content.example);
}

function exampleOf(value: unknown, name = 'example'): string {
  if (value === undefined) return '';
  return `<details><summary>${escape(name)}</summary><pre>${escape(typeof value === 'string' ? value : JSON.stringify(value, null, 2))}</pre></details>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
