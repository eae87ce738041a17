import { createHash, timingSafeEqual } from 'node:crypto'
import { withActor } from '../actor'
import { recordRead } from '../audit'
import { signAccessToken, ACCESS_TOKEN_TTL_S } from '../auth/token'
import { keys } from '../db/keys'
import { getItem } from '../db/read'
import { AppError } from '../error'
import { assertTenantActive } from '../tenant/status'

/** What the token endpoint reads: the global pointer of a client, written with it in one transaction. */
export type Credential = { tenantId: string; name: string; scopes: string[]; status: 'active' | 'revoked'; secretHash: string }

export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('base64url')

/** RFC 6749 §5.2 errors: the token endpoint answers in OAuth's own format, not problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
  ) {
    super(description)
  }
}

const badClient = () => new OAuthError(401, 'invalid_client', 'Unknown client, wrong secret, or a revoked client')

/**
 * Client credentials grant: a 15-minute access token for the client's country with the scopes asked for
 * (all it holds when none are asked). Client secrets are 256-bit random values, so a fast hash is enough and
 * guessing is not a concern; the endpoint is budgeted per address all the same.
 */
export async function issueClientToken(clientId: string, secret: string, requested?: string[]) {
  if (!/^cli_[0-9a-z]{26}$/.test(clientId)) throw badClient()
  const cred = await getItem<Credential>(keys.clientCredential(clientId))
  const given = Buffer.from(secretHash(secret))
  const stored = Buffer.from(cred?.secretHash ?? '')
  if (!cred || cred.status !== 'active' || given.length !== stored.length || !timingSafeEqual(given, stored)) throw badClient()
  await assertTenantActive(cred.tenantId)
  const scopes = requested?.length ? requested : cred.scopes
  if (scopes.some((s) => !cred.scopes.includes(s))) throw new OAuthError(400, 'invalid_scope', 'A requested scope was not granted to this client')
  const scope = scopes.join(' ')
  const token = await signAccessToken({ sub: clientId, email: cred.name, role: 'api-client', sid: 'client-credentials', ten: cred.tenantId, scp: scope })
  // every token a system obtains is in its country's log, like a person's sign-in
  await withActor({ kind: 'user', requestId: 'oauth', userId: clientId, email: cred.name, role: 'api-client', sessionId: 'client-credentials', tenantId: cred.tenantId, scopes }, () =>
    recordRead({ action: 'client.token', entityType: 'client', entityId: clientId, after: { scope } }),
  )
  return { access_token: token, token_type: 'Bearer' as const, expires_in: ACCESS_TOKEN_TTL_S, scope }
}

/** A revoked client's tokens stop at once, not when they expire: one key read per request of a system. */
export async function assertClientActive(clientId: string) {
  const cred = await getItem<Credential>(keys.clientCredential(clientId), false)
  if (!cred || cred.status !== 'active') throw new AppError(401, 'auth.invalid_token', 'The access token is not valid')
}
