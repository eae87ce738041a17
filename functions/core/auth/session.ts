import { createHash, randomBytes } from 'node:crypto'
import { keys, type Scope } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, queryAll } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError } from '../error'
import { newId } from '../id'
import { assertTenantActive } from '../tenant/status'
import { isActiveMember, type Membership, type UserInfo } from '../user/schema'
import { ACCESS_TOKEN_TTL_S, signAccessToken } from './token'

export const REFRESH_TTL_DAYS = 30
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url')

/** A sign-in: one per device. The refresh token rotates on every use; an old one seen again ends the session. */
export type Session = {
  sid: string
  userId: string
  scope: Scope
  refreshHash: string
  previousRefreshHash?: string
  expiresAt: string
  createdAt: string
  version: number
}

/** Every role the user holds, deactivated ones included. */
export async function allMemberships(userId: string) {
  const items = await queryAll<Membership>({ partition: keys.userMemberships(userId).pk, prefix: 'M#' })
  return items.map((m) => strip<Membership>(m))
}

/** The roles the user can sign in with: a deactivated one is as if not held. */
export async function memberships(userId: string) {
  return (await allMemberships(userId)).filter(isActiveMember)
}

export const sameScope = (a: Scope, b: Scope) => a.kind === b.kind && (a.kind === 'global' || (b.kind !== 'global' && a.id === b.id))

export async function tokensFor(user: UserInfo, membership: Membership, session: Session, secret: string) {
  if (membership.scope.kind === 'tenant') await assertTenantActive(membership.scope.id)
  const s = membership.scope as Scope
  const accessToken = await signAccessToken({
    sub: user.id,
    email: user.email,
    role: membership.role,
    sid: session.sid,
    ten: s.kind === 'tenant' ? s.id : undefined,
    ptn: s.kind === 'partner' ? s.id : undefined,
    dnr: s.kind === 'donor' ? s.id : undefined,
    ou: membership.orgUnitId,
  })
  const { passwordHash: _secret, ...profile } = user as UserInfo & { passwordHash?: string }
  return {
    tokenType: 'Bearer' as const,
    accessToken,
    expiresIn: ACCESS_TOKEN_TTL_S,
    refreshToken: `${user.id}.${session.sid}.${secret}`,
    user: profile,
    membership,
    memberships: await memberships(user.id),
  }
}

export function pickMembership(all: Membership[], wanted?: Scope) {
  const found = wanted ? all.find((m) => sameScope(m.scope as Scope, wanted)) : all[0]
  if (!found) throw new AppError(403, 'auth.no_membership', wanted ? 'You hold no role there' : 'You hold no role in Cadre any more')
  // a ministry admin's work (users, settings, audit, export) cannot be confined to a subtree: such a role,
  // made before the rule, is refused rather than silently widened (functions/core/user/org-scope.ts)
  if (found.role === 'ministry-admin' && found.orgUnitId)
    throw new AppError(403, 'user.admin_scoped', 'This ministry admin role is limited to part of the country, which it cannot be; ask another ministry admin to correct it')
  return found
}

/** A refresh secret and the hash stored for it (the secret itself is never stored). */
export function newRefreshSecret() {
  const secret = randomBytes(32).toString('base64url')
  return { secret, hash: sha256(secret) }
}

export function newSession(userId: string, scope: Scope) {
  const { secret, hash } = newRefreshSecret()
  const now = Date.now()
  const session: Session = {
    sid: newId('session'),
    userId,
    scope,
    refreshHash: hash,
    expiresAt: new Date(now + REFRESH_TTL_DAYS * 86400_000).toISOString(),
    createdAt: new Date(now).toISOString(),
    version: 1,
  }
  return { session, secret, write: sessionWrite(session, 'absent') }
}

export function sessionWrite(session: Session, when: 'absent' | { version: number }): Write {
  return {
    put: { ...keys.session(session.userId, session.sid), ...session, ttl: Math.floor(Date.parse(session.expiresAt) / 1000) },
    when,
    conflict: () => invalidRefresh(),
  }
}

export const invalidRefresh = () => new AppError(401, 'auth.invalid_refresh', 'Sign in again')

export function parseRefreshToken(token: string) {
  const [userId, sid, secret] = token.split('.')
  if (!userId || !sid || !secret || !/^usr_[0-9a-z]{26}$/.test(userId) || !/^ses_[0-9a-z]{26}$/.test(sid)) throw invalidRefresh()
  return { userId, sid, secretHash: sha256(secret) }
}

export async function loadSession(userId: string, sid: string) {
  const item = await getItem<Session>(keys.session(userId, sid))
  if (!item || Date.parse(item.expiresAt) < Date.now()) throw invalidRefresh()
  return strip<Session>(item)
}

export async function endSessions(userId: string, except?: string) {
  const all = await queryAll<Session>({ partition: keys.user(userId).pk, prefix: 'SES#' })
  const doomed = all.filter((s) => s.sid !== except)
  for (let i = 0; i < doomed.length; i += 90) await commit(doomed.slice(i, i + 90).map((s) => ({ delete: keys.session(userId, s.sid) })))
  return doomed.length
}
