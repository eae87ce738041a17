import { asTenantSystem } from '../actor'
import { isTenantRole, type Role } from '../auth/roles'
import { keys } from '../db/keys'
import { getItem } from '../db/read'
import { AppError } from '../error'

/**
 * An org-unit scope narrows a registry role (registrar, manager, viewer) to a subtree. A ministry admin runs
 * the whole country (users and their scopes, settings, audit log, export), so a scope on one would bind only
 * part of what it does, and it could lift it itself: refused wherever a role is given, never half-enforced.
 */
export function assertScopeFitsRole(role: Role, orgUnitId: string | undefined) {
  if (!orgUnitId) return
  if (role === 'ministry-admin')
    throw new AppError(400, 'user.admin_scoped', 'A ministry admin works across the whole country: leave the org unit empty, or give a registrar, manager or viewer role', { field: 'orgUnitId' })
  if (!isTenantRole(role)) throw new AppError(400, 'user.scope_not_allowed', 'Only a country role can be limited to an org unit', { field: 'orgUnitId' })
}

/** The role may carry the scope, and the scope is a unit of that country. */
export async function assertMemberScope(tenantId: string, role: Role, orgUnitId: string | undefined) {
  assertScopeFitsRole(role, orgUnitId)
  if (!orgUnitId) return
  const unit = await asTenantSystem(tenantId, 'check a member’s org unit', () => getItem<{ kind: string }>(keys.orgUnit(orgUnitId)))
  if (unit?.kind !== 'unit') throw new AppError(400, 'user.org_unit_not_found', 'No such org unit in this country', { field: 'orgUnitId' })
}
