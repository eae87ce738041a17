import { useTenant, useUser } from '../actor'
import type { Session } from '../auth/session'
import { keys, type Scope } from '../db/keys'
import { getItem, queryAll } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError, versionMismatch } from '../error'
import { bumped } from '../util/entity'
import { getMember } from './index'
import { membershipWrites } from './membership'
import { isActiveMember, type Membership } from './schema'

/** Sessions ended in the deactivation's own transaction; any beyond follow it (refresh checks the membership too). */
const SESSIONS_IN_TRANSACTION = 80

const lastAdmin = () =>
  new AppError(409, 'user.last_admin', 'This is the last active ministry admin of the country: make someone else a ministry admin first')

/**
 * Deactivates a user's role in this country: they can no longer sign in to it, their sign-ins to it end at
 * once, and the role, history and audit trail are kept so that reactivating restores them as they were.
 */
export async function deactivateMember(userId: string, version: number) {
  const actor = useUser()
  if (userId === actor.userId) throw new AppError(409, 'user.self_deactivate', 'You cannot deactivate yourself; ask another ministry admin')
  const current = await getMember(userId)
  if (current.version !== version) throw versionMismatch(current.version)
  if (!isActiveMember(current)) throw new AppError(409, 'user.already_deactivated', 'This user is deactivated already')
  const scope: Scope = { kind: 'tenant', id: useTenant() }
  const writes = [await actorStaysAdmin(scope)]
  if (current.role === 'ministry-admin') {
    const members = await queryAll<Membership>({ partition: keys.members(scope).pk }, 10_000)
    if (!members.some((m) => m.userId !== userId && m.role === 'ministry-admin' && !m.orgUnitId && isActiveMember(m))) throw lastAdmin()
  }
  const next: Membership = {
    ...current,
    status: 'deactivated',
    deactivatedAt: new Date().toISOString(),
    deactivatedBy: { userId: actor.userId, email: actor.email },
    ...bumped(current),
  }
  const sessions = await countrySessions(userId, scope.id)
  const now = sessions.slice(0, SESSIONS_IN_TRANSACTION)
  await commit([...membershipWrites(next, { version: current.version }), ...writes, ...now.map((s) => ({ delete: keys.session(userId, s.sid) }))], {
    audit: { action: 'user.deactivate', entityType: 'user', entityId: userId, before: current, after: next },
    result: next,
  })
  const rest = sessions.slice(SESSIONS_IN_TRANSACTION)
  for (let i = 0; i < rest.length; i += 90) await commit(rest.slice(i, i + 90).map((s) => ({ delete: keys.session(userId, s.sid) })))
  return next
}

/** Gives a deactivated user their role in this country back, with the same role and org-unit scope. */
export async function reactivateMember(userId: string, version: number) {
  const current = await getMember(userId)
  if (current.version !== version) throw versionMismatch(current.version)
  if (isActiveMember(current)) throw new AppError(409, 'user.not_deactivated', 'This user is active already')
  const next: Membership = { ...current, status: 'active', deactivatedAt: undefined, deactivatedBy: undefined, ...bumped(current) }
  const guard = await actorStaysAdmin({ kind: 'tenant', id: useTenant() })
  await commit([...membershipWrites(next, { version: current.version }), guard], {
    audit: { action: 'user.reactivate', entityType: 'user', entityId: userId, before: current, after: next },
    result: next,
  })
  return next
}

/**
 * The admin acting must be an active ministry admin when the change commits, not only when their token was
 * made: a deactivated admin's access token (alive up to 15 minutes) cannot deactivate the last other admin
 * nor reactivate itself, and two admins deactivating each other at once cannot both succeed.
 */
async function actorStaysAdmin(scope: Scope): Promise<Write> {
  const ended = () => new AppError(401, 'auth.session_ended', 'This sign-in has ended; sign in again')
  const own = await getItem<Membership>(keys.member(scope, useUser().userId))
  if (!own || !isActiveMember(own) || own.role !== 'ministry-admin') throw ended()
  return { check: keys.member(scope, own.userId), when: { version: own.version }, conflict: ended }
}

/** The user's sign-ins to this country (their sign-ins elsewhere are not this country's to end). */
async function countrySessions(userId: string, tenantId: string) {
  const all = await queryAll<Session>({ partition: keys.user(userId).pk, prefix: 'SES#' }, 10_000)
  return all.filter((s) => s.scope.kind === 'tenant' && s.scope.id === tenantId)
}
