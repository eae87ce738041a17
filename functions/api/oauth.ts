import type { Context, Hono } from 'hono'
import { clientKey } from '../core/auth/throttle'
import { OAuthError, issueClientToken } from '../core/client/credential'
import { AppError } from '../core/error'
import { assertAdmitted, count } from '../core/ratelimit'
import { readLimited } from './body'
import { clientAddress } from './client-address'

const MAX_BODY = 4 * 1024

/**
 * The OAuth 2.0 token endpoint for systems (RFC 6749 §4.4, client credentials). It speaks OAuth's own
 * format, so it lives beside the route table rather than in it: a form body, client authentication by HTTP
 * Basic (or `client_id`/`client_secret` in the form), and `{ error }` answers.
 */
export function mountOAuth(app: Hono) {
  app.post('/oauth/token', async (c) => {
    const payer = { clientKey: clientKey(clientAddress(c) ?? 'unknown') }
    try {
      assertAdmitted(payer)
    } catch (error) {
      const e = error as AppError
      return c.json({ error: 'slow_down', error_description: e.message }, 429, e.headers)
    }
    const counted = count(payer)
    try {
      const form = await readForm(c)
      if (form.get('grant_type') !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is served here')
      const { id, secret } = credentials(c, form)
      const scope = form.get('scope')?.trim()
      const token = await issueClientToken(id, secret, scope ? scope.split(/\s+/).slice(0, 20) : undefined)
      return c.json(token, 200, { 'Cache-Control': 'no-store', Pragma: 'no-cache' })
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error
      const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
      if (error.status === 401) headers['WWW-Authenticate'] = 'Basic realm="cadre"'
      return c.json({ error: error.error, error_description: error.description }, error.status, headers)
    } finally {
      await counted
    }
  })
}

async function readForm(c: Context) {
  if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? ''))
    throw new OAuthError(400, 'invalid_request', 'Send the request as application/x-www-form-urlencoded')
  // counted while it streams: a chunked body is never buffered whole before being measured
  const raw = await readLimited(c.req.raw, MAX_BODY).catch((e: unknown) => {
    throw e instanceof AppError && e.status === 413 ? new OAuthError(400, 'invalid_request', 'The request is too large') : e
  })
  return new URLSearchParams(raw)
}

/** client_secret_basic (RFC 6749 §2.3.1: form-encoded id and secret, base64 together) or client_secret_post; never both. */
function credentials(c: Context, form: URLSearchParams) {
  const header = c.req.header('authorization')
  const basic = header && /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(header)
  if (header && !basic) throw new OAuthError(401, 'invalid_client', 'Use HTTP Basic authentication for the client')
  if (basic && form.has('client_secret')) throw new OAuthError(400, 'invalid_request', 'Authenticate the client one way only')
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const at = decoded.indexOf(':')
    if (at < 0) throw new OAuthError(401, 'invalid_client', 'Malformed client authentication')
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '))
      } catch {
        throw new OAuthError(401, 'invalid_client', 'Malformed client authentication')
      }
    }
    return { id: decode(decoded.slice(0, at)), secret: decode(decoded.slice(at + 1)) }
  }
  const id = form.get('client_id')
  const secret = form.get('client_secret')
  if (!id || !secret) throw new OAuthError(401, 'invalid_client', 'Client authentication is required')
  return { id, secret: secret.slice(0, 200) }
}
