import { z } from 'zod'
import { Role } from '../auth/roles'
import { ScopeRef } from '../user/schema'
import { Email, Id, Password, Text, Timestamp, Versioned } from '../util/schema'

export const InvitationInfo = Versioned.extend({
  id: Id('invitation'),
  scope: ScopeRef,
  scopeName: z.string(),
  email: Email,
  role: Role,
  orgUnitId: Id('orgUnit').optional(),
  status: z.enum(['pending', 'accepted', 'revoked']),
  expiresAt: Timestamp,
  invitedBy: z.string(),
})
export type InvitationInfo = z.infer<typeof InvitationInfo>

/** The one-time secret is shown once, to the inviter, since there is no email to carry it. */
export const InvitationIssued = InvitationInfo.extend({ token: z.string(), link: z.string() })

export const InvitationToken = z.string().min(20).max(300)
export const InvitationAccept = z.strictObject({ token: InvitationToken, name: Text(), password: Password })
export const InvitationPreview = z.strictObject({ token: InvitationToken })
