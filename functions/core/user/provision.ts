import { keys, type Scope } from '../db/keys'
import { getItem } from '../db/read'
import { commit, type Write } from '../db/write'
import { hashPassword } from '../auth/password'
import type { Role } from '../auth/roles'
import { newId } from '../id'
import { created } from '../util/entity'
import { membershipWrites } from './membership'
import { assertScopeFitsRole } from './org-scope'
import type { Membership, UserInfo } from './schema'

/**
 * Creates a user with a password and a role directly, without an invitation: for demo seeding and test
 * fixtures only (no route calls it). Reuses the account when the email exists.
 */
export async function provisionUser(input: { email: string; name: string; password: string }, scope: Scope, scopeName: string, role: Role, orgUnitId?: string) {
  input = { ...input, email: input.email.trim().toLowerCase() }
  assertScopeFitsRole(role, orgUnitId)
  const writes: Write[] = []
  const guard = await getItem<{ userId: string }>(keys.email(input.email))
  let userId = guard?.userId
  if (!userId) {
    userId = newId('user')
    const user: UserInfo & { passwordHash: string } = {
      id: userId, email: input.email, name: input.name, status: 'active', passwordHash: await hashPassword(input.password), ...created(),
    }
    writes.push({ put: { ...keys.email(input.email), userId }, when: 'absent' }, { put: { ...keys.user(userId), ...user }, when: 'absent' })
  }
  const membership: Membership = { userId, email: input.email, name: input.name, scope, scopeName, role, orgUnitId, ...created() }
  writes.push(...membershipWrites(membership, 'absent'))
  await commit(writes, { audit: { action: 'user.provision', entityType: 'user', entityId: userId, after: membership } })
  return membership
}
