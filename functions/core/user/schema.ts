import * as z from 'zod/mini'
import { Role, TenantRole } from '../auth/roles'
import { Email, Id, Language, Raw, Text, Versioned } from '../util/schema'

const ScopeId = Raw(40).check(z.regex(/^[A-Za-z0-9_]+$/, 'an id'))
export const ScopeRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('global') }),
  z.object({ kind: z.literal('partner'), id: ScopeId }),
  z.object({ kind: z.literal('tenant'), id: ScopeId }),
  z.object({ kind: z.literal('donor'), id: ScopeId }),
])

export const Membership = z.extend(Versioned, {
  userId: Id('user'),
  email: Email,
  name: z.string(),
  scope: ScopeRef,
  scopeName: z.string(),
  role: Role,
  orgUnitId: z.optional(Id('orgUnit')),
  /** absent on roles given before deactivation existed: those are active */
  status: z.optional(z.enum(['active', 'deactivated'])),
  deactivatedAt: z.optional(z.string()),
  deactivatedBy: z.optional(z.object({ userId: z.string(), email: z.string() })),
})
export type Membership = z.infer<typeof Membership>

/** A deactivated role keeps its place (role, scope, history) but signs nobody in. */
export const isActiveMember = (m: Pick<Membership, 'status'>) => m.status !== 'deactivated'

export const UserInfo = z.extend(Versioned, {
  id: Id('user'),
  email: Email,
  name: Text(),
  language: z.optional(Language),
  status: z.enum(['active', 'disabled']),
})
export type UserInfo = z.infer<typeof UserInfo>

export const MemberInvite = z.strictObject({
  email: Email,
  role: TenantRole,
  orgUnitId: z.optional(Id('orgUnit')),
})

export const MemberUpdate = z.strictObject({
  role: z.optional(TenantRole),
  orgUnitId: z.optional(z.nullable(Id('orgUnit'))),
})
export type MemberUpdate = z.infer<typeof MemberUpdate>
