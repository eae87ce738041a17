import { z } from 'zod'
import { Membership, ScopeRef, UserInfo } from '../user/schema'
import { CountryCode, Email, Password } from '../util/schema'

export const LoginInput = z.strictObject({
  email: Email,
  password: z.string().min(1).max(200),
  /** which country to sign in to, for a user with roles in several; the first role otherwise */
  tenantId: CountryCode.optional(),
})
export const RefreshInput = z.strictObject({ refreshToken: z.string().min(10).max(300) })
export const SwitchInput = z.strictObject({ scope: ScopeRef })
export const PasswordChange = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password })

export const TokenResponse = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number(),
  refreshToken: z.string(),
  user: UserInfo,
  membership: Membership,
  memberships: z.array(Membership),
})
