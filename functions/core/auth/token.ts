import * as z from 'zod/mini'
import { config } from '../config'
import { AppError } from '../error'
import { JwtRejected, signHs256, verifyHs256 } from './jwt'
import { Role } from './roles'

export const ACCESS_TOKEN_TTL_S = 15 * 60

/** What an access token says. The tenant and role of every request come from here and nowhere else. */
export const Claims = z.object({
  sub: z.string(),
  email: z.string(),
  role: Role,
  sid: z.string(),
  ten: z.optional(z.string()),
  ptn: z.optional(z.string()),
  dnr: z.optional(z.string()),
  ou: z.optional(z.string()),
  /** an API client's granted scopes, space-separated (RFC 6749 §3.3) */
  scp: z.optional(z.string()),
})
export type Claims = z.infer<typeof Claims>

const ISSUER = 'cadre'
const AUDIENCE = 'cadre-api'

export async function signAccessToken(claims: Claims) {
  const iat = Math.floor(Date.now() / 1000)
  return signHs256({ ...claims, iss: ISSUER, aud: AUDIENCE, iat, exp: iat + ACCESS_TOKEN_TTL_S }, config.jwtSecret)
}

/** Clock difference tolerated between the signer and the verifier. */
const SKEW_S = 60

export async function verifyAccessToken(token: string): Promise<Claims> {
  try {
    const claims = verifyHs256(token, config.jwtSecret, { issuer: ISSUER, audience: AUDIENCE })
    // the lifetime is capped where the token is used, not only where it is made: a token signed for a year
    // (a leaked key, a bug in a signer) lives 15 minutes here all the same
    const { iat, exp } = claims as { iat?: unknown; exp: number }
    const now = Math.floor(Date.now() / 1000)
    if (typeof iat !== 'number' || iat > now + SKEW_S || exp - iat > ACCESS_TOKEN_TTL_S) throw new JwtRejected('invalid')
    return Claims.parse(claims)
  } catch (error) {
    if (error instanceof JwtRejected && error.reason === 'expired') throw new AppError(401, 'auth.token_expired', 'The access token has expired; refresh it')
    throw new AppError(401, 'auth.invalid_token', 'The access token is not valid')
  }
}
