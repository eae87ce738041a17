import { Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { TrieRouter } from 'hono/router/trie-router'
import { secureHeaders } from 'hono/secure-headers'
import { newId } from '../core/id'
import { mountOAuth } from './oauth'
import { bodyCeiling } from './body'
import { loadOnce, mountGroups } from './mount'
import { problem, toProblem } from './problem'
import { routeGroups } from './routes/groups'
import { apiPolicy, cspHeader, docsPolicy, hstsHeader, referrerPolicy } from './security-headers'

/** Hard ceiling for any body, before a route's own (smaller) limit is checked. */
const MAX_ANY_BODY = 8 * 1024 * 1024
const apiCsp = cspHeader(apiPolicy)

/** `extend` adds routes after the API's (the local server adds the console's static files). */
export function createApp(extend?: (app: Hono) => void) {
  // a trie needs no build step: the default router compiles one regular expression of all ~70 routes on
  // the first request, which a Lambda cold start pays (docs/PERFORMANCE.md); matching stays microseconds
  const app = new Hono<{ Variables: { requestId: string } }>({ router: new TrieRouter() })
  app.use('*', async (c, next) => {
    const requestId = newId('request')
    c.set('requestId', requestId)
    c.header('X-Request-Id', requestId)
    await next()
  })
  // the same values CloudFront adds in production (./security-headers.ts); a page served here (the reference,
  // the local console) sets its own Content-Security-Policy, and the API's strict one covers everything else
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-site', xFrameOptions: 'DENY', strictTransportSecurity: hstsHeader, referrerPolicy, overwrite: false }))
  app.use('*', async (c, next) => {
    await next()
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', apiCsp)
  })
  const origins = (process.env.CADRE_WEB_ORIGINS ?? '').split(',').filter(Boolean)
  if (origins.length) {
    app.use('/api/*', cors({ origin: origins, allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'], exposeHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Idempotent-Replayed'], maxAge: 600 }))
  }
  // counted as it streams: hono's bodyLimit would buffer a chunked body up to the ceiling before any route
  // ran; mount() then stops at the route's own, smaller limit (./body.ts)
  // an import's file is the one larger body: its own ceiling (read with the imports' code, on first use),
  // and core streams it to the file store
  const anyBody = bodyCeiling(MAX_ANY_BODY)
  const importFile = loadOnce<MiddlewareHandler>(async () => bodyCeiling((await import('./app-lazy')).MAX_IMPORT_BYTES))
  app.use('/api/*', async (c, next) => (c.req.method === 'PUT' && /^\/api\/v1\/imports\/[^/]+\/file$/.test(c.req.path) ? await importFile() : anyBody)(c, next))

  // every path registered now, each group's module loaded by its first request (./routes/groups.ts)
  mountGroups(app as unknown as Hono, routeGroups)

  // built on first use, not at start: a Lambda cold start should not pay for the reference docs (nor load
  // the whole route table to write them)
  const document = loadOnce(async () => {
    const { openApiDocument, routes } = await import('./app-lazy')
    return openApiDocument(routes)
  })
  app.get('/api/openapi.json', async (c) => c.json(await document()))
  app.get('/api/docs', async (c) => {
    c.header('Content-Security-Policy', cspHeader(docsPolicy))
    return c.html((await import('./app-lazy')).docsPage(await document()))
  })

  // the FHIR Directory, its own route table and resources, is an app of its own built on its first request
  const fhir = loadOnce(fhirApp)
  const toFhir: MiddlewareHandler = async (c) => (await fhir()).fetch(c.req.raw, { ...c.env, requestId: c.get('requestId') })
  app.all('/fhir', toFhir)
  app.all('/fhir/*', toFhir)
  mountOAuth(app as unknown as Hono)
  extend?.(app as unknown as Hono)
  app.notFound((c) => problem(c, 404, 'route.not_found', `No route ${c.req.method} ${c.req.path}`))
  app.onError((error, c) => toProblem(error, c))
  return app
}

/** The FHIR routes (functions/fhir/mount.ts) in an app that takes the request id the API gave the request. */
async function fhirApp() {
  const { mountFhir } = await import('./app-lazy')
  const fhir = new Hono<{ Bindings: { requestId: string }; Variables: { requestId: string } }>({ router: new TrieRouter() })
  fhir.use('*', async (c, next) => {
    c.set('requestId', c.env.requestId)
    // the API's header does not reach an answer made here: it is set again
    c.header('X-Request-Id', c.env.requestId)
    await next()
  })
  mountFhir(fhir as unknown as Hono)
  fhir.notFound((c) => problem(c, 404, 'route.not_found', `No route ${c.req.method} ${c.req.path}`))
  fhir.onError((error, c) => toProblem(error, c))
  return fhir
}

export const app = createApp()
export type App = typeof app
