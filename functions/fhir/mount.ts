import type { Resource } from '@medplum/fhirtypes'
import type { Context, Hono } from 'hono'
import { withActor, type Actor } from '../core/actor'
import { clientKey } from '../core/auth/throttle'
import { AppError, forbidden } from '../core/error'
import { assertAdmitted, count, type Subject } from '../core/ratelimit'
import { authenticate } from '../api/authenticate'
import { readLimited } from '../api/body'
import { outcome, toOutcome } from './outcome'
import { resourceTypes } from './resources'
import { assertScope } from './scopes'
import { formatOf, type Format } from './format'
import { FHIR_XML, toXml } from './xml'
import type { FhirRequest, FhirRoute } from './route'
import { fhirRoutes } from './routes'

const FHIR_JSON = 'application/fhir+json; charset=utf-8'
/** a search form or, later, a transaction bundle; larger bodies are refused before they are read */
const MAX_BODY = 8 * 1024 * 1024

/** The FHIR API under `/fhir/:tenantId`: its own route table, OperationOutcome errors, the same tokens as the JSON API. */
export function mountFhir(app: Hono) {
  for (const route of fhirRoutes) {
    app.on(route.method, `/fhir/:tenantId${route.path}`, (c) => handle(c, route))
    // the base itself (ITI-130 posts to it) answers with or without its trailing slash
    if (route.path === '/') app.on(route.method, '/fhir/:tenantId', (c) => handle(c, route))
  }
  app.all('/fhir/*', (c) => send(c, 404, outcome(404, 'fhir.not_found', `No FHIR interaction ${c.req.method} ${c.req.path}`), {}, formatOr(c, 'json')))
}

/**
 * Writes a resource in the format the request asked for. XML is converted before any header is set, so a
 * conversion that fails becomes the caller's 500 OperationOutcome without the headers of the answer it replaces.
 */
async function send(c: Context, status: number, body: Resource, headers: Record<string, string> = {}, format: Format = 'json') {
  const pretty = c.req.query('_pretty') === 'true'
  const text = format === 'xml' ? await toXml(body) : JSON.stringify(body, null, pretty ? 2 : undefined)
  for (const [k, v] of Object.entries(headers)) c.header(k, v)
  c.header('Cache-Control', 'no-store')
  c.header('Vary', 'Accept')
  return c.body(text, status as 200, { 'Content-Type': format === 'xml' ? FHIR_XML : FHIR_JSON })
}

/** The answer's format (format.ts); a format this server does not speak is a 406 told in JSON. */
const requestedFormat = (c: Context) => formatOf(c.req.query('_format'), c.req.header('accept'), c.req.header('content-type'))

function formatOr(c: Context, fallback: Format): Format {
  try {
    return requestedFormat(c)
  } catch {
    return fallback
  }
}

async function handle(c: Context, route: FhirRoute) {
  const requestId = c.get('requestId') as string
  let format: Format = 'json'
  try {
    format = requestedFormat(c)
    const actor = await actorOf(c, route)
    const payer = budgetOf(actor)
    if (payer) assertAdmitted(payer)
    const counted = payer ? count(payer) : undefined
    try {
      const req = await request(c, route)
      const res = await withActor(actor, () => route.handler(req))
      return await send(c, res.status ?? 200, res.body, res.headers, format)
    } finally {
      await counted
    }
  } catch (error) {
    const out = toOutcome(error, requestId)
    return send(c, out.status, out.body, out.headers, format)
  }
}

/**
 * The caller, from the verified token only. The tenant in the path must be the token's: any other, like a
 * token without a country, is 404 (existence does not leak), before the role is even looked at. A system's
 * token (role `api-client`) is let in here, and only here, for the types its scopes name.
 */
async function actorOf(c: Context, route: FhirRoute): Promise<Actor> {
  if (route.access === 'public') return authenticate(c, 'public')
  const actor = await authenticate(c, 'signed-in', { clients: true })
  if (actor.kind !== 'user' || !actor.tenantId || actor.tenantId !== c.req.param('tenantId')) throw new AppError(404, 'fhir.not_found', 'No such FHIR endpoint')
  if (!route.access.includes(actor.role)) throw forbidden()
  const type = c.req.param('type')
  if (type !== undefined && resourceTypes[type]) assertScope(actor, type, route.interaction === 'transaction' ? 'write' : 'read')
  return actor
}

function budgetOf(actor: Actor): Subject | undefined {
  if (actor.kind === 'user') return actor
  if (actor.kind === 'public') return { clientKey: clientKey(actor.client ?? 'unknown') }
  return undefined
}

async function request(c: Context, route: FhirRoute): Promise<FhirRequest> {
  const url = new URL(c.req.url)
  const typeName = c.req.param('type')
  const def = typeName === undefined ? undefined : resourceTypes[typeName]
  if (typeName !== undefined && !def) throw new AppError(404, 'fhir.unsupported', `This Directory does not serve ${typeName.slice(0, 60)} resources`)
  const params = [...url.searchParams.entries()]
  if (route.method === 'POST' && route.interaction === 'search-type') params.push(...(await formParams(c)))
  return {
    c,
    def: def!,
    id: c.req.param('id') ?? '',
    versionId: c.req.param('versionId') ?? '',
    params,
    lenient: /\bhandling\s*=\s*lenient\b/i.test(c.req.header('prefer') ?? ''),
    base: `${url.origin}/fhir/${c.req.param('tenantId')}`,
    url,
  }
}

/** POST `_search` carries its parameters as a form body (FHIR http.html#search). */
async function formParams(c: Context): Promise<[string, string][]> {
  const type = c.req.header('content-type') ?? ''
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY) throw new AppError(413, 'request.too_large', 'The body is too large')
  // counted while it streams (a chunked body has no length to check first)
  const raw = await readLimited(c.req.raw, MAX_BODY)
  if (!raw) return []
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new AppError(415, 'request.unsupported_media_type', 'Send search parameters as application/x-www-form-urlencoded')
  if (raw.length > MAX_BODY) throw new AppError(413, 'request.too_large', 'The body is too large')
  return [...new URLSearchParams(raw).entries()]
}
