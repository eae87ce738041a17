import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { compress } from 'hono/compress'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createApp } from '../api/app'
import { consolePolicy, cspHeader } from '../api/security-headers'

const consoleCsp = cspHeader(consolePolicy)

/** One Node process serving the API (the same Hono app as the Lambda) and the built console. */
export function localApp(webDist: string) {
  const root = relative(process.cwd(), webDist) || '.'
  const indexFile = join(webDist, 'index.html')
  const indexHtml = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : '<p>The console is not built: run npm run build:web</p>'
  return createApp((app) => {
    // the console's pages and files get the console's policy (the one CloudFront sends in production)
    app.use('*', async (c, next) => {
      await next()
      if (!c.req.path.startsWith('/api/') && !c.req.path.startsWith('/fhir/')) c.res.headers.set('Content-Security-Policy', consoleCsp)
    })
    // as CloudFront serves them in production (SST's StaticSite): compressed, and cached for good, since a
    // hashed file name never changes content; without this a slow link downloads the console on every visit
    app.use('/assets/*', compress(), async (c, next) => {
      await next()
      if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable')
    })
    app.use('/assets/*', serveStatic({ root }))
    app.get('/favicon.svg', serveStatic({ root }))
    // the console routes on the client: any other page path gets its shell
    app.get('*', async (c, next) => (c.req.path.startsWith('/api/') || c.req.path.startsWith('/fhir/') ? next() : c.html(indexHtml)))
  })
}

export function serveLocal(port: number, webDist: string, hostname = process.env.HOST ?? '127.0.0.1') {
  return serve({ fetch: localApp(webDist).fetch, port, hostname })
}
