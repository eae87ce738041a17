import { useActor, useUser, withActor, type Actor } from '../actor'
import { keys, type Scope } from '../db/keys'
import { getItem } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError } from '../error'
import { newId } from '../id'
import { all as allInvitations, findValid, isPending } from '../invitation'
import { InvitationAccept, InvitationJoin, type InvitationInfo } from '../invitation/schema'
import { membershipWrites } from '../user/membership'
import { isActiveMember, type Membership, type UserInfo } from '../user/schema'
import { created, bumped } from '../util/entity'
import { fn } from '../util/fn'
import { dummyHash, hashPassword, verifyPassword } from './password'
import { LoginInput, PasswordChange, RefreshInput, SwitchInput } from './schema'
import {
  allMemberships,
  endSessions,
  invalidRefresh,
  loadSession,
  memberships,
  newRefreshSecret,
  newSession,
  parseRefreshToken,
  pickMembership,
  sameScope,
  sessionWrite,
  tokensFor,
} from './session'
import type { AuditInput } from '../audit/event'
import { assertTenantActive } from '../tenant/status'
import { admitAttempt } from './throttle'

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

type SessionAudit = Omit<AuditInput, 'entityType' | 'entityId'> & Partial<Pick<AuditInput, 'entityType' | 'entityId'>>

async function startSession(user: StoredUser, m: Membership, extra: Write[] = [], audit: SessionAudit[] = [{ action: 'auth.login' }]) {
  if (m.scope.kind === 'tenant') await assertTenantActive(m.scope.id)
  const { session, secret, write } = newSession(user.id, m.scope as Scope)
  return withActor(actorFor(user, m, session.sid), async () => {
    await commit([...extra, write], { audit: audit.map((a) => ({ entityType: 'user', entityId: user.id, ...a })) })
    return tokensFor(user, m, session, secret)
  })
}

export const login = fn(LoginInput, async ({ email, password, tenantId, invitation }) => {
  const attempt = await admitAttempt(email)
  const user = await userByEmail(email)
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()))
  const held = user && ok && user.status === 'active' ? await allMemberships(user.id) : []
  const wanted: Scope | undefined = tenantId && !invitation ? { kind: 'tenant', id: tenantId } : undefined
  if (!user || !ok || user.status !== 'active' || (!invitation && shutOut(held, wanted))) {
    await attempt.failed()
    throw invalidCredentials()
  }
  await attempt.succeeded()
  if (invitation) return startSession(user, ...(await joinWrites(user, invitation)))
  const m = pickMembership(held.filter(isActiveMember), wanted)
  return startSession(user, m)
})

/**
 * Deactivated where they sign in (the country asked for, or every role they hold): answered as a wrong
 * password, so the answer tells nobody that the account exists or what its password is.
 */
function shutOut(held: Membership[], wanted: Scope | undefined) {
  if (wanted) return held.some((m) => sameScope(m.scope as Scope, wanted) && !isActiveMember(m))
  return held.length > 0 && !held.some(isActiveMember)
}

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
  // a role deactivated (or removed) since: the sign-in is over, whatever session item a race left behind
  const held = await memberships(userId)
  if (!held.some((m) => sameScope(m.scope as Scope, session.scope))) throw invalidRefresh()
  const m = pickMembership(held, session.scope)
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

/**
 * The signed-in user behind a token-issuing call, only while the sign-in its token names is alive: an
 * access token outlives a logout, a password change or a reused refresh token by up to 15 minutes, and
 * must not be traded for a fresh 30-day sign-in in that time.
 */
async function liveUser() {
  const actor = useUser()
  const [user, session] = await Promise.all([getItem<StoredUser>(keys.user(actor.userId)), getItem(keys.session(actor.userId, actor.sessionId))])
  if (!user || user.status !== 'active' || !session) throw new AppError(401, 'auth.session_ended', 'This sign-in has ended; sign in again')
  // the old sign-in ends in the same transaction that starts the new one
  const endCurrent: Write = { delete: keys.session(actor.userId, actor.sessionId), when: 'present', conflict: () => new AppError(401, 'auth.session_ended', 'This sign-in has ended; sign in again') }
  return { user, endCurrent }
}

export const switchScope = fn(SwitchInput, async ({ scope }) => {
  const { user, endCurrent } = await liveUser()
  const m = pickMembership(await memberships(user.id), scope as Scope)
  return startSession(user, m, [endCurrent], [{ action: 'auth.switch' }])
})

export const changePassword = fn(PasswordChange, async ({ currentPassword, newPassword }) => {
  const actor = useUser()
  const user = await getItem<StoredUser>(keys.user(actor.userId))
  if (!user) throw invalidCredentials()
  const attempt = await admitAttempt(user.email)
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    await attempt.failed()
    throw new AppError(400, 'auth.wrong_password', 'The current password is wrong', { field: 'currentPassword' })
  }
  await attempt.succeeded()
  const next = { ...user, passwordHash: await hashPassword(newPassword), ...bumped(user) }
  await commit([{ put: { ...keys.user(user.id), ...next }, when: { version: user.version } }], {
    audit: { action: 'auth.password_change', entityType: 'user', entityId: user.id },
  })
  // other devices must sign in again with the new password
  const ended = await endSessions(user.id, actor.sessionId)
  return { changed: true, endedSessions: ended }
})

/** What a link offers. Whether its email has an account is not said: the inviter holds the link too. */
export const previewInvitation = async (token: string) => {
  const { invitation } = await findValid(token)
  return { email: invitation.email, role: invitation.role, scope: invitation.scope, scopeName: invitation.scopeName, expiresAt: invitation.expiresAt }
}

/**
 * Creates an account for the invited email if it has none, and answers the same either way: the holder of
 * the link (the inviter too) learns nothing about the email, and no password is checked here. The role is
 * taken by signing in with the invitation (`login` with `invitation`, or `joinInvitation` when signed in),
 * through the one password throttle.
 */
export const acceptInvitation = fn(InvitationAccept, async ({ token, name, password }) => {
  const { invitation } = await findValid(token)
  // both paths pay for one hash, so the time taken does not tell either
  const [existing, passwordHash] = await Promise.all([getItem(keys.email(invitation.email)), hashPassword(password)])
  if (!existing) {
    const user = { id: newId('user'), email: invitation.email, name, status: 'active' as const, passwordHash, ...created() }
    await commit(
      [
        { put: { ...keys.email(user.email), userId: user.id }, when: 'absent', conflict: () => new AccountRace() },
        { put: { ...keys.user(user.id), ...user }, when: 'absent' },
      ],
      // in the platform's log, not the country's: the inviter must not learn from its audit log either
      { audit: { action: 'user.create', entityType: 'user', entityId: user.id, after: { id: user.id, email: user.email, name } } },
    ).catch((error) => {
      if (!(error instanceof AccountRace)) throw error
    })
  }
  return { email: invitation.email, next: 'sign-in' as const }
})

class AccountRace extends Error {}

/** Takes an invitation for the signed-in user: the role is added to this account, and the session moves to it. */
export const joinInvitation = fn(InvitationJoin, async ({ token }) => {
  const { user, endCurrent } = await liveUser()
  const [membership, writes, audit] = await joinWrites(user, token)
  return startSession(user, membership, [endCurrent, ...writes], audit)
})

/**
 * The membership an invitation grants to `user`, the invitation marked used, and, when it makes a country's
 * ministry admin, the partner invitations still pending there revoked: the country now decides who joins.
 */
async function joinWrites(user: StoredUser, token: string): Promise<[Membership, Write[], SessionAudit[]]> {
  const { invitation, key } = await findValid(token)
  // the same answer as any other unusable link
  if (invitation.email !== user.email) throw new AppError(400, 'invitation.invalid', 'This invitation link is not valid, was used already, or has expired')
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
  const writes: Write[] = [
    ...membershipWrites(membership, 'absent', () => new AppError(409, 'membership.exists', 'You hold a role there already')),
    { put: { ...key, ...invitation, tokenHash: 'used', status: 'accepted', ...bumped(invitation) }, when: { version: invitation.version }, conflict: () => new AppError(400, 'invitation.invalid', 'This invitation was used already') },
  ]
  const audit: SessionAudit[] = [{ action: 'invitation.accept', after: membership }]
  if (invitation.scope.kind === 'tenant' && invitation.role === 'ministry-admin') {
    const scope = invitation.scope as Scope
    const orphans = (await allInvitations(scope)).filter((i) => i.id !== invitation.id && i.invitedByRole === 'partner-admin' && isPending(i))
    for (const i of orphans) {
      const revoked: InvitationInfo = { ...i, status: 'revoked', revokedReason: 'country-has-admin', ...bumped(i) }
      writes.push({ put: { ...keys.invitation(scope, i.id), ...revoked, tokenHash: 'revoked' }, when: { version: i.version } })
      audit.push({ action: 'invitation.revoke', entityType: 'invitation', entityId: i.id, before: i, after: revoked })
    }
  }
  return [membership, writes, audit]
}
