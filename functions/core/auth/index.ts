import { useActor, useUser, withActor, type Actor } from '../actor'
import { keys, type Scope } from '../db/keys'
import { getItem } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError } from '../error'
import { newId } from '../id'
import { findValid } from '../invitation'
import { InvitationAccept } from '../invitation/schema'
import { membershipWrites } from '../user/membership'
import type { Membership, UserInfo } from '../user/schema'
import { created, bumped } from '../util/entity'
import { fn } from '../util/fn'
import { dummyHash, hashPassword, verifyPassword } from './password'
import { LoginInput, PasswordChange, RefreshInput, SwitchInput } from './schema'
import {
  endSessions,
  invalidRefresh,
  loadSession,
  memberships,
  newRefreshSecret,
  newSession,
  parseRefreshToken,
  pickMembership,
  sessionWrite,
  tokensFor,
} from './session'
import type { AuditInput } from '../audit/event'
import { assertTenantActive } from '../tenant/status'
import { assertNotThrottled, recordFailure, resetThrottle } from './throttle'

export * from './schema'

type StoredUser = UserInfo & { passwordHash: string }

const invalidCredentials = () => new AppError(401, 'auth.invalid_credentials', 'Wrong email or password')

async function userByEmail(email: string) {
  const guard = await getItem<{ userId: string }>(keys.email(email))
  return guard ? getItem<StoredUser>(keys.user(guard.userId)) : undefined
}

/** The actor a new session acts as, so its audit event lands in the log of the scope signed in to. */
function actorFor(user: UserInfo, m: Membership, sid: string): Actor {
  const s = m.scope as Scope
  return {
    kind: 'user',
    requestId: useActor().requestId,
    userId: user.id,
    email: user.email,
    role: m.role,
    sessionId: sid,
    tenantId: s.kind === 'tenant' ? s.id : undefined,
    partnerId: s.kind === 'partner' ? s.id : undefined,
    donorId: s.kind === 'donor' ? s.id : undefined,
    orgUnitId: m.orgUnitId,
  }
}

async function startSession(user: StoredUser, m: Membership, extra: Write[] = [], audit: Omit<AuditInput, 'entityType' | 'entityId'>[] = [{ action: 'auth.login' }]) {
  if (m.scope.kind === 'tenant') await assertTenantActive(m.scope.id)
  const { session, secret, write } = newSession(user.id, m.scope as Scope)
  return withActor(actorFor(user, m, session.sid), async () => {
    await commit([...extra, write], { audit: audit.map((a) => ({ entityType: 'user', entityId: user.id, ...a })) })
    return tokensFor(user, m, session, secret)
  })
}

export const login = fn(LoginInput, async ({ email, password, tenantId }) => {
  await assertNotThrottled(email)
  const user = await userByEmail(email)
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()))
  if (!user || !ok || user.status !== 'active') {
    await recordFailure(email)
    throw invalidCredentials()
  }
  await resetThrottle(email)
  const m = pickMembership(await memberships(user.id), tenantId ? { kind: 'tenant', id: tenantId } : undefined)
  return startSession(user, m)
})

export const refresh = fn(RefreshInput, async ({ refreshToken }) => {
  const { userId, sid, secretHash } = parseRefreshToken(refreshToken)
  const session = await loadSession(userId, sid)
  if (secretHash === session.previousRefreshHash) {
    // a rotated token came back: someone holds a copy. End the session for both holders.
    await endSessions(userId).catch(() => undefined)
    throw new AppError(401, 'auth.refresh_reused', 'This sign-in was ended for safety; sign in again')
  }
  if (secretHash !== session.refreshHash) throw invalidRefresh()
  const user = await getItem<StoredUser>(keys.user(userId))
  if (!user || user.status !== 'active') throw invalidRefresh()
  const m = pickMembership(await memberships(userId), session.scope)
  const rotated = newRefreshSecret()
  const next = { ...session, refreshHash: rotated.hash, previousRefreshHash: session.refreshHash, version: session.version + 1 }
  return withActor(actorFor(user, m, sid), async () => {
    await commit([sessionWrite(next, { version: session.version })])
    return tokensFor(user, m, next, rotated.secret)
  })
})

export async function logout() {
  const actor = useUser()
  await commit([{ delete: keys.session(actor.userId, actor.sessionId) }], {
    audit: { action: 'auth.logout', entityType: 'user', entityId: actor.userId },
  })
}

export const switchScope = fn(SwitchInput, async ({ scope }) => {
  const actor = useUser()
  const user = await getItem<StoredUser>(keys.user(actor.userId))
  if (!user) throw invalidRefresh()
  const m = pickMembership(await memberships(actor.userId), scope as Scope)
  await commit([{ delete: keys.session(actor.userId, actor.sessionId) }])
  return startSession(user, m, [], [{ action: 'auth.switch' }])
})

export const changePassword = fn(PasswordChange, async ({ currentPassword, newPassword }) => {
  const actor = useUser()
  const user = await getItem<StoredUser>(keys.user(actor.userId))
  if (!user) throw invalidCredentials()
  await assertNotThrottled(user.email)
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    await recordFailure(user.email)
    throw new AppError(400, 'auth.wrong_password', 'The current password is wrong', { field: 'currentPassword' })
  }
  const next = { ...user, passwordHash: await hashPassword(newPassword), ...bumped(user) }
  await commit([{ put: { ...keys.user(user.id), ...next }, when: { version: user.version } }], {
    audit: { action: 'auth.password_change', entityType: 'user', entityId: user.id },
  })
  // other devices must sign in again with the new password
  const ended = await endSessions(user.id, actor.sessionId)
  return { changed: true, endedSessions: ended }
})

export const previewInvitation = async (token: string) => {
  const { invitation } = await findValid(token)
  const existing = await getItem(keys.email(invitation.email))
  return { email: invitation.email, role: invitation.role, scope: invitation.scope, scopeName: invitation.scopeName, existingUser: !!existing, expiresAt: invitation.expiresAt }
}

/**
 * Accepting creates the account (or, for an email that already has one, proves it with its password) and
 * the membership, marks the invitation used, and signs in: all in one transaction with its audit.
 */
export const acceptInvitation = fn(InvitationAccept, async ({ token, name, password }) => {
  const { invitation, key } = await findValid(token)
  let user = await userByEmail(invitation.email)
  const writes: Write[] = []
  const audit: Omit<AuditInput, 'entityType' | 'entityId'>[] = []
  if (user) {
    if (!(await verifyPassword(password, user.passwordHash))) throw invalidCredentials()
  } else {
    user = { id: newId('user'), email: invitation.email, name, status: 'active', passwordHash: await hashPassword(password), ...created() }
    writes.push(
      { put: { ...keys.email(user.email), userId: user.id }, when: 'absent', conflict: () => new AppError(409, 'user.email_taken', 'That email has an account already; sign in to accept') },
      { put: { ...keys.user(user.id), ...user }, when: 'absent' },
    )
    audit.push({ action: 'user.create', after: { id: user.id, email: user.email, name } })
  }
  const membership: Membership = {
    userId: user.id,
    email: user.email,
    name: user.name,
    scope: invitation.scope,
    scopeName: invitation.scopeName,
    role: invitation.role,
    orgUnitId: invitation.orgUnitId,
    ...created(),
  }
  writes.push(
    ...membershipWrites(membership, 'absent', () => new AppError(409, 'membership.exists', 'You hold a role there already')),
    { put: { ...key, ...invitation, tokenHash: 'used', status: 'accepted', ...bumped(invitation) }, when: { version: invitation.version }, conflict: () => new AppError(400, 'invitation.invalid', 'This invitation was used already') },
  )
  audit.push({ action: 'invitation.accept', after: membership })
  return startSession(user, membership, writes, audit)
})
