/**
 * The security headers, declared once: the API and the local server send them (functions/api/app.ts,
 * functions/local/server.ts), and CloudFront sends the same ones in production (infra/web.ts).
 */
type Policy = Record<string, string[]>

/** The console: its own scripts and styles only (nothing inline, no eval), calls to its own origin, never framed. */
export const consolePolicy: Policy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // a worker's photo is a small data: URL inside the record (functions/core/worker/schema.ts Photo)
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/** A JSON answer loads nothing and is never framed. */
export const apiPolicy: Policy = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }

/** The API reference page: one inline stylesheet, no script at all. */
export const docsPolicy: Policy = { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] }

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
export const cspHeader = (policy: Policy) =>
  Object.entries(policy)
    .map(([directive, sources]) => `${kebab(directive)} ${sources.join(' ')}`)
    .join('; ')

/** Browsers ignore HSTS over plain http, so sending it locally is harmless; in production it pins https. */
export const hstsMaxAgeSeconds = 63_072_000
export const hstsHeader = `max-age=${hstsMaxAgeSeconds}; includeSubDomains`
export const referrerPolicy = 'no-referrer'
