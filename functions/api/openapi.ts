import * as z from 'zod/mini'
import type { AnyRoute } from './route'

type Json = Record<string, unknown>

const schemaOf = (schema: z.ZodMiniType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json

const problemResponse = { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }

/** The OpenAPI 3.1 document, generated from the route table's zod schemas: it cannot drift from the code. */
export function openApiDocument(routes: AnyRoute[]) {
  const paths: Record<string, Record<string, Json>> = {}
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}')
    const parameters: Json[] = []
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue
      const js = schemaOf(schema, 'input') as { properties?: Record<string, Json>; required?: string[] }
      for (const [name, prop] of Object.entries(js.properties ?? {}))
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop })
    }
    if (r.ifMatch) parameters.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The ETag you read' })
    if (r.method !== 'get' && r.access !== 'public')
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' } })
    const status = String(r.status ?? 200)
    paths[path] ??= {}
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${r.path.replace(/^\/api\/v1/, '').replace(/[/:-](\w)/g, (_, ch: string) => ch.toUpperCase())}`,
      'x-roles': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input'), ...(r.example ? { example: r.example } : {}) } } } }
        : {}),
      responses: {
        [status]: status === '204' ? { description: 'Done' } : { description: 'OK', content: { 'application/json': { schema: r.response ? schemaOf(r.response, 'output') : {} } } },
        '4XX': problemResponse,
        '5XX': problemResponse,
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cadre API',
      version: '1.0.0',
      description: 'Health workforce registry. The tenant and role of every call come from the bearer token.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' },
            detail: { type: 'string' }, instance: { type: 'string' }, requestId: { type: 'string' },
          },
        },
      },
    },
    paths,
  }
}
