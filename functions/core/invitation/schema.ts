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
  /** who may revoke or resend it besides the scope's own admins: the issuer, or its partner's admins */
  invitedById: z.optional(z.string()),
  invitedByRole: z.optional(Role),
  invitedByPartnerId: z.optional(z.string()),
  /** why a revoked invitation stopped: revoked by a person, or the country got its ministry admin */
  revokedReason: z.optional(z.enum(['revoked', 'country-has-admin'])),
})
export type InvitationInfo = z.infer<typeof InvitationInfo>

/** The one-time secret is shown once, to the inviter, since there is no email to carry it. */
export const InvitationIssued = z.extend(InvitationInfo, { token: z.string(), link: z.string() })

export const InvitationToken = Secret(20, 300)
/** Creates an account for the invited email if it has none; the invitation is then taken by signing in. */
export const InvitationAccept = z.strictObject({ token: InvitationToken, name: Text(), password: Password })
export const InvitationPreview = z.strictObject({ token: InvitationToken })
export const InvitationJoin = z.strictObject({ token: InvitationToken })
/** The same answer whether or not the email had an account, so the link does not tell. */
export const InvitationAccepted = z.object({ email: z.string(), next: z.literal('sign-in') })
export const InvitationPreviewInfo = z.object({ email: z.string(), role: Role, scope: ScopeRef, scopeName: z.string(), expiresAt: z.string() })
