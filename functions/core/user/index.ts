import { useTenant, useUser } from '../actor'
import { keys, type Scope } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query, queryAll } from '../db/read'
import { commit } from '../db/write'
import { AppError, notFound, versionMismatch } from '../error'
import { bumped } from '../util/entity'
import { fn } from '../util/fn'
import { PageQuery } from '../util/schema'
import { membershipDeletes, membershipWrites } from './membership'
import { assertMemberScope } from './org-scope'
import { isActiveMember, MemberUpdate, type Membership, type UserInfo } from './schema'

export * from './schema'

const tenantScope = (): Scope => ({ kind: 'tenant', id: useTenant() })

export const listMembers = fn(PageQuery, async ({ cursor, limit }) => {
  const page = await query({ partition: keys.members(tenantScope()).pk, cursor, limit })
  return { items: page.items.map((i) => strip<Membership>(i)), cursor: page.cursor }
})

export async function getMember(userId: string) {
  const item = await getItem(keys.member(tenantScope(), userId))
  if (!item) throw notFound('user')
  return strip<Membership>(item)
}

export async function updateMember(userId: string, version: number, changes: MemberUpdate) {
  const current = await getMember(userId)
  if (current.version !== version) throw versionMismatch(current.version)
  const { role, orgUnitId } = MemberUpdate.parse(changes)
  if (userId === useUser().userId && role && role !== current.role)
    throw new AppError(409, 'user.self_role', 'You cannot change your own role; ask another ministry admin')
  const next: Membership = {
    ...current,
    role: role ?? current.role,
    orgUnitId: orgUnitId === null ? undefined : (orgUnitId ?? current.orgUnitId),
    ...bumped(current),
  }
  await assertMemberScope(useTenant(), next.role, next.orgUnitId)
  await commit(membershipWrites(next, { version: current.version }), {
    audit: { action: 'user.update', entityType: 'user', entityId: userId, before: current, after: next },
    result: next,
  })
  return next
}

export async function removeMember(userId: string) {
  if (userId === useUser().userId) throw new AppError(409, 'user.self_remove', 'You cannot remove yourself from this country')
  const current = await getMember(userId)
  await commit(membershipDeletes(current), {
    audit: { action: 'user.remove', entityType: 'user', entityId: userId, before: current },
  })
}

/** The signed-in user, their current role and every role they hold (to switch between countries). */
export async function me() {
  const actor = useUser()
  const item = await getItem(keys.user(actor.userId))
  if (!item) throw notFound('user')
  const { passwordHash: _secret, ...user } = strip<UserInfo & { passwordHash?: string }>(item)
  const memberships = await queryAll<Membership>({ partition: keys.userMemberships(actor.userId).pk, prefix: 'M#' })
  return {
    user: user as UserInfo,
    role: actor.role,
    tenantId: actor.tenantId,
    partnerId: actor.partnerId,
    donorId: actor.donorId,
    orgUnitId: actor.orgUnitId,
    memberships: memberships.map((m) => strip<Membership>(m)).filter(isActiveMember),
  }
}
