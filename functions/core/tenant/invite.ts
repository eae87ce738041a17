import * as z from 'zod/mini'
import { useUser } from '../actor'
import { TenantRole } from '../auth/roles'
import { keys } from '../db/keys'
import { queryAll } from '../db/read'
import { AppError } from '../error'
import * as invitation from '../invitation'
import type { Membership } from '../user/schema'
import { Email, Id } from '../util/schema'
import { accessibleTenant } from './access'

export const TenantInvite = z.strictObject({
  email: Email,
  role: z._default(TenantRole, 'ministry-admin'),
  orgUnitId: z.optional(Id('orgUnit')),
})

/**
 * A partner may invite a country's first ministry admin and nobody else: once the ministry has an admin,
 * the ministry decides who sees its people (DESIGN: no person-level data for partners unless granted).
 */
export async function inviteToTenant(tenantId: string, input: z.output<typeof TenantInvite>) {
  const tenant = await accessibleTenant(tenantId)
  if (tenant.status !== 'active') throw new AppError(409, 'tenant.inactive', 'This country is not active')
  const actor = useUser()
  if (actor.role === 'partner-admin') {
    if (input.role !== 'ministry-admin') throw new AppError(403, 'auth.forbidden', 'A partner invites only the first ministry admin')
    const scope = { kind: 'tenant', id: tenantId } as const
    const [members, invitations] = await Promise.all([queryAll<Membership>({ partition: keys.members(scope).pk }, 500), invitation.all(scope)])
    if (members.some((m) => m.role === 'ministry-admin'))
      throw new AppError(409, 'tenant.has_admin', 'This country has a ministry admin already; they invite further users')
    // one first admin: a second pending invitation would leave a live link after the first is taken
    if (invitations.some((i) => i.role === 'ministry-admin' && invitation.isPending(i)))
      throw new AppError(409, 'tenant.admin_invited', 'An invitation for this country’s first ministry admin is pending; resend or revoke it')
  }
  return invitation.invite({ kind: 'tenant', id: tenant.id }, tenant.name, input)
}

export async function tenantInvitations(tenantId: string, cursor: string | undefined, limit: number) {
  const tenant = await accessibleTenant(tenantId)
  return invitation.list({ kind: 'tenant', id: tenant.id }, cursor, limit)
}
