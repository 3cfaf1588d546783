import type { OpenApiDocument } from './build-openapi-document.ts';

/**
 * A self-contained HTML reference of the document: each operation with its parameters, bodies
 * and answers, and the component schemas. No script or CDN (Swagger UI and the like load from
 * one), so the page works offline and under a strict CSP.
 */
export function renderReferencePage(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = (operation.parameters ?? [])
        .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''}): ${escape(p.description)}</li>`)
        .join('');
      const bodies = Object.keys(operation.requestBody?.content ?? {})
        .map((type) => `<code>${escape(type)}</code>`)
        .join(', ');
      const responses = Object.entries(operation.responses)
        .map(([status, response]) => {
          const schema = Object.values(response.content ?? {})[0]?.schema;
          const target = typeof schema?.$ref === 'string' ? schema.$ref.split('/').pop()! : undefined;
          const link = target ? ` → <a href="#schema-${escape(target)}">${escape(target)}</a>` : '';
          return `<li><b>${status}</b> ${escape(response.description)}${link}</li>`;
        })
        .join('');
      return `<section class="op" id="${escape(`${method}-${path}`)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(operation.summary)}</p>
${parameters ? `<h4>Parameters</h4><ul>${parameters}</ul>` : ''}
${bodies ? `<h4>Request body</h4><p>${bodies}</p>` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`;
    }),
  );
  const schemas = Object.entries(document.components.schemas)
    .map(([name, schema]) => `<details id="schema-${escape(name)}"><summary>${escape(name)}</summary><pre>${escape(JSON.stringify(schema, null, 2))}</pre></details>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
.op{border:1px solid #ddd;border-radius:6px;padding:.25rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .4rem}
.get{background:#2b7bb9}.post{background:#3a9d4a}.put,.patch{background:#c98a12}.delete{background:#c0392b}
pre{background:#f6f6f6;padding:.75rem;overflow:auto;font-size:.8rem}h4{margin:.5rem 0 0}
</style></head><body>
<h1>${escape(document.info.title)} API <small>OpenAPI ${escape(document.openapi)}</small></h1>
<p>${escape(document.info.description)} The machine-readable document is at <a href="/openapi.json">/openapi.json</a>.</p>
<h2>Operations</h2>
${operations.join('\n')}
<h2>Schemas</h2>
${schemas}
</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
