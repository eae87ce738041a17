import { SignJWT, jwtVerify, errors } from 'jose'
import * as z from 'zod/mini'
import { config } from '../config'
import { AppError } from '../error'
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
})
export type Claims = z.infer<typeof Claims>

const key = () => new TextEncoder().encode(config.jwtSecret)

export async function signAccessToken(claims: Claims) {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('cadre')
    .setAudience('cadre-api')
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .sign(key())
}

export async function verifyAccessToken(token: string): Promise<Claims> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: 'cadre', audience: 'cadre-api', algorithms: ['HS256'] })
    return Claims.parse(payload)
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new AppError(401, 'auth.token_expired', 'The access token has expired; refresh it')
    throw new AppError(401, 'auth.invalid_token', 'The access token is not valid')
  }
}
