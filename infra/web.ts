import { consolePolicy, cspHeader, hstsMaxAgeSeconds } from '../functions/api/security-headers'
import { api } from './api'

/**
 * The console's security headers, the same ones the local server sends (functions/api/security-headers.ts).
 * The Router has one cache behaviour for every path, so this policy also meets the API's answers: their own
 * (stricter) Content-Security-Policy is kept (`override: false`); the other headers have the same values.
 */
const securityHeaders = new aws.cloudfront.ResponseHeadersPolicy('SecurityHeaders', {
  comment: 'Cadre console: CSP without inline scripts, no framing, no sniffing, no referrer, HSTS',
  securityHeadersConfig: {
    contentSecurityPolicy: { contentSecurityPolicy: cspHeader(consolePolicy), override: false },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: 'DENY', override: true },
    referrerPolicy: { referrerPolicy: 'no-referrer', override: true },
    strictTransportSecurity: { accessControlMaxAgeSec: hstsMaxAgeSeconds, includeSubdomains: true, override: true },
  },
})

/** Console and API behind one CloudFront router, so the console calls `/api` on its own origin (no CORS). */
export const router = new sst.aws.Router('Router', {
  transform: {
    cdn(args) {
      // every route's answers pass through the one default behaviour
      args.defaultCacheBehavior = $output(args.defaultCacheBehavior).apply((behavior) => securityHeaders.id.apply((responseHeadersPolicyId) => ({ ...behavior, responseHeadersPolicyId })))
    },
  },
})
router.route('/api', api.url)
// systems reach the FHIR directory and the token endpoint on the same host as the console
router.route('/fhir', api.url)
router.route('/oauth', api.url)

export const web = new sst.aws.StaticSite('Web', {
  path: 'web',
  build: { command: 'npx vite build', output: 'dist' },
  router: { instance: router },
})
