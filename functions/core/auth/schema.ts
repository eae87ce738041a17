import * as z from 'zod/mini'
import { InvitationToken } from '../invitation/schema'
import { Membership, ScopeRef, UserInfo } from '../user/schema'
import { CountryCode, Email, Password, Secret } from '../util/schema'

export const LoginInput = z.strictObject({
  email: Email,
  password: Secret(1, 200),
  /** which country to sign in to, for a user with roles in several; the first role otherwise */
  tenantId: z.optional(CountryCode),
  /** an invitation to take while signing in: its role is added to this account and the session starts there */
  invitation: z.optional(InvitationToken),
})
export const RefreshInput = z.strictObject({ refreshToken: Secret(10, 300) })
export const SwitchInput = z.strictObject({ scope: ScopeRef })
export const PasswordChange = z.strictObject({ currentPassword: Secret(1, 200), newPassword: Password })

export const TokenResponse = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number(),
  refreshToken: z.string(),
  user: UserInfo,
  membership: Membership,
  memberships: z.array(Membership),
})
