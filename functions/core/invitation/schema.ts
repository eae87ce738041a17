import * as z from 'zod/mini'
import { Role } from '../auth/roles'
import { ScopeRef } from '../user/schema'
import { Email, Id, Password, Secret, Text, Timestamp, Versioned } from '../util/schema'

export const InvitationInfo = z.extend(Versioned, {
  id: Id('invitation'),
  scope: ScopeRef,
  scopeName: z.string(),
  email: Email,
  role: Role,
  orgUnitId: z.optional(Id('orgUnit')),
  status: z.enum(['pending', 'accepted', 'revoked']),
  expiresAt: Timestamp,
  invitedBy: z.string(),
})
export type InvitationInfo = z.infer<typeof InvitationInfo>

/** The one-time secret is shown once, to the inviter, since there is no email to carry it. */
export const InvitationIssued = z.extend(InvitationInfo, { token: z.string(), link: z.string() })

export const InvitationToken = Secret(20, 300)
export const InvitationAccept = z.strictObject({ token: InvitationToken, name: Text(), password: Password })
export const InvitationPreview = z.strictObject({ token: InvitationToken })
