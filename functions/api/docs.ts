import { html, raw } from 'hono/html'
import type { openApiDocument } from './openapi'

type Doc = ReturnType<typeof openApiDocument>
type Op = { summary: string; tags: string[]; 'x-roles': unknown; requestBody?: { content: { 'application/json': { schema: unknown; example?: unknown } } } }

/** A self-contained reference page (no CDN: ministries may reach us through closed networks). */
export function docsPage(doc: Doc) {
  const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, Op>).map(([method, op]) => {
      const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]).join(', ') : String(op['x-roles'])
      const body = op.requestBody?.content['application/json']
      return html`<section id="${method}-${path}">
        <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
        <p>${op.summary}</p><p class="roles">Who: ${roles}</p>
        ${body ? html`<details><summary>Body</summary><pre>${JSON.stringify(body.example ?? body.schema, null, 2)}</pre></details>` : ''}
      </section>`
    }),
  )
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
  <title>Cadre API reference</title>
  <style>${raw(`body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b2733}
  h3{font-size:1rem;margin:1.5rem 0 .25rem}.m{display:inline-block;min-width:4rem;font:600 12px monospace;padding:2px 6px;border-radius:4px;background:#e6eef5}
  .post{background:#dff3e4}.patch{background:#fff1d6}.delete{background:#fde2e1}.roles{color:#5a6b7b;font-size:13px;margin:0}
  pre{background:#f5f7f9;padding:.75rem;overflow:auto}`)}</style></head>
  <body><h1>Cadre API reference</h1>
  <p>Version ${doc.info.version}. Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
  Errors are <code>application/problem+json</code> with a stable <code>code</code>. Send <code>Authorization: Bearer &lt;token&gt;</code>
  from <code>POST /api/v1/auth/login</code>; <code>Idempotency-Key</code> on POST; <code>If-Match</code> on updates.</p>
  ${rows}</body></html>`
}
