import { z } from 'zod'
import { Role, TenantRole } from '../auth/roles'
import { Email, Id, Language, Text, Versioned } from '../util/schema'

const ScopeId = z.string().max(40).regex(/^[A-Za-z0-9_]+$/, 'an id')
export const ScopeRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('global') }),
  z.object({ kind: z.literal('partner'), id: ScopeId }),
  z.object({ kind: z.literal('tenant'), id: ScopeId }),
  z.object({ kind: z.literal('donor'), id: ScopeId }),
])

export const Membership = Versioned.extend({
  userId: Id('user'),
  email: Email,
  name: z.string(),
  scope: ScopeRef,
  scopeName: z.string(),
  role: Role,
  orgUnitId: Id('orgUnit').optional(),
})
export type Membership = z.infer<typeof Membership>

export const UserInfo = Versioned.extend({
  id: Id('user'),
  email: Email,
  name: Text(),
  language: Language.optional(),
  status: z.enum(['active', 'disabled']),
})
export type UserInfo = z.infer<typeof UserInfo>

export const MemberInvite = z.strictObject({
  email: Email,
  role: TenantRole,
  orgUnitId: Id('orgUnit').optional(),
})

export const MemberUpdate = z.strictObject({
  role: TenantRole.optional(),
  orgUnitId: Id('orgUnit').nullable().optional(),
})
export type MemberUpdate = z.infer<typeof MemberUpdate>
