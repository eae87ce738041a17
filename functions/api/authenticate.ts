import type { Context } from 'hono'
import type { Actor } from '../core/actor'
import { verifyAccessToken } from '../core/auth/token'
import { AppError, forbidden } from '../core/error'
import { assertClientActive } from '../core/client/credential'
import { assertTenantActive } from '../core/tenant/status'
import { clientAddress } from './client-address'
import type { Access } from './route'

/**
 * The actor of a request, from the verified bearer token only: no header, path or body can name a tenant
 * or a role. A tenant token is refused while its tenant is suspended.
 */
export async function authenticate(c: Context, access: Access, options: { clients?: boolean } = {}): Promise<Actor> {
  const requestId = c.get('requestId') as string
  const client = clientAddress(c)
  if (access === 'public') return { kind: 'public', requestId, client }
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer ([A-Za-z0-9._-]{20,4096})$/.exec(header)
  if (!match) throw new AppError(401, 'auth.required', 'Sign in first: send Authorization: Bearer <access token>')
  const claims = await verifyAccessToken(match[1]!)
  // a system's token opens only what was built for systems (the FHIR Directory), never the people's API
  if (claims.role === 'api-client' && !options.clients) throw forbidden('An API client may call the FHIR Directory only')
  if (access !== 'signed-in' && !access.includes(claims.role)) throw forbidden()
  if (claims.ten) await assertTenantActive(claims.ten)
  if (claims.role === 'api-client') await assertClientActive(claims.sub)
  return {
    kind: 'user',
    requestId,
    userId: claims.sub,
    email: claims.email,
    role: claims.role,
    sessionId: claims.sid,
    tenantId: claims.ten,
    partnerId: claims.ptn,
    donorId: claims.dnr,
    orgUnitId: claims.ou,
    client,
    scopes: claims.scp?.split(' '),
  }
}
