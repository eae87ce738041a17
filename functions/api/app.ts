import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { TrieRouter } from 'hono/router/trie-router'
import { secureHeaders } from 'hono/secure-headers'
import { newId } from '../core/id'
import { mountFhir } from '../fhir/mount'
import { mountOAuth } from './oauth'
import { bodyCeiling } from './body'
import { MAX_IMPORT_BYTES } from '../core/import/schema'
import { docsPage } from './docs'
import { mount } from './mount'
import { openApiDocument } from './openapi'
import { problem, toProblem } from './problem'
import { routes } from './routes'
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
  // an import's file is the one larger body: its own ceiling, and core streams it to the file store
  const anyBody = bodyCeiling(MAX_ANY_BODY)
  const importFile = bodyCeiling(MAX_IMPORT_BYTES)
  app.use('/api/*', (c, next) => (c.req.method === 'PUT' && /^\/api\/v1\/imports\/[^/]+\/file$/.test(c.req.path) ? importFile : anyBody)(c, next))

  for (const spec of routes) mount(app as unknown as Hono, spec)

  // built on first use, not at start: a Lambda cold start should not pay for the reference docs
  let doc: ReturnType<typeof openApiDocument> | undefined
  const document = () => (doc ??= openApiDocument(routes))
  app.get('/api/openapi.json', (c) => c.json(document()))
  app.get('/api/docs', (c) => {
    c.header('Content-Security-Policy', cspHeader(docsPolicy))
    return c.html(docsPage(document()))
  })

  mountFhir(app as unknown as Hono)
  mountOAuth(app as unknown as Hono)
  extend?.(app as unknown as Hono)
  app.notFound((c) => problem(c, 404, 'route.not_found', `No route ${c.req.method} ${c.req.path}`))
  app.onError((error, c) => toProblem(error, c))
  return app
}

export const app = createApp()
export type App = typeof app
