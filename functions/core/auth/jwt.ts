import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Compact JWS, HS256 only, on node:crypto. A general JOSE library verifies through WebCrypto: a key
 * import and a thread-pool hop on every request, about a tenth of a registry read's CPU here
 * (docs/PERFORMANCE.md). This is the one algorithm the API issues and accepts; anything else is refused.
 * The test suite forges, expires and `alg: none`s tokens with an independent library.
 */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')

export class JwtRejected extends Error {
  constructor(readonly reason: 'invalid' | 'expired') {
    super(`token ${reason}`)
  }
}

const mac = (signingInput: string, secret: string) => createHmac('sha256', secret).update(signingInput).digest()

export function signHs256(claims: Record<string, unknown>, secret: string) {
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
  return `${signingInput}.${mac(signingInput, secret).toString('base64url')}`
}

/** The claims of a token signed with `secret`, issued by `issuer` for `audience`, not expired. */
export function verifyHs256(token: string, secret: string, expect: { issuer: string; audience: string }): Record<string, unknown> {
  const parts = token.split('.')
  if (parts.length !== 3) throw new JwtRejected('invalid')
  const [header, payload, signature] = parts as [string, string, string]
  const head = decode(header)
  if (head?.alg !== 'HS256' || (head.typ !== undefined && head.typ !== 'JWT') || 'crit' in head) throw new JwtRejected('invalid')
  const expected = mac(`${header}.${payload}`, secret)
  const given = Buffer.from(signature, 'base64url')
  // the canonical encoding only: a signature has exactly one spelling
  if (given.length !== expected.length || given.toString('base64url') !== signature || !timingSafeEqual(given, expected))
    throw new JwtRejected('invalid')
  const claims = decode(payload)
  if (!claims) throw new JwtRejected('invalid')
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (claims.iss !== expect.issuer || !audience.includes(expect.audience)) throw new JwtRejected('invalid')
  const now = Math.floor(Date.now() / 1000)
  if (typeof claims.nbf === 'number' && claims.nbf > now) throw new JwtRejected('invalid')
  if (typeof claims.exp !== 'number') throw new JwtRejected('invalid')
  if (claims.exp <= now) throw new JwtRejected('expired')
  return claims
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
