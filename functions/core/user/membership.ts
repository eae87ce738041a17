import { keys, type Scope } from '../db/keys'
import type { Write } from '../db/write'
import { versionMismatch } from '../error'
import type { Membership } from './schema'

/**
 * A membership is written twice in one transaction: canonically in the scope's partition (a tenant lists
 * its users with one query) and as a pointer in the user's partition (login finds a user's roles with one).
 */
export function membershipWrites(m: Membership, when: 'absent' | { version: number }, conflict?: () => Error): Write[] {
  const scope = m.scope as Scope
  const onConflict = conflict ?? (() => versionMismatch())
  return [
    { put: { ...keys.member(scope, m.userId), ...m }, when, conflict: onConflict },
    { put: { ...keys.userMembership(m.userId, scope), ...m }, when: when === 'absent' ? 'absent' : undefined, conflict: onConflict },
  ]
}

export function membershipDeletes(m: Membership): Write[] {
  const scope = m.scope as Scope
  return [
    { delete: keys.member(scope, m.userId), when: { version: m.version }, conflict: () => versionMismatch() },
    { delete: keys.userMembership(m.userId, scope) },
  ]
}
