import * as z from 'zod/mini'
import * as auth from '../../core/auth'
import { LoginInput, PasswordChange, RefreshInput, SwitchInput, TokenResponse } from '../../core/auth/schema'
import { InvitationAccept, InvitationAccepted, InvitationJoin, InvitationPreview, InvitationPreviewInfo } from '../../core/invitation/schema'
import * as user from '../../core/user'
import { route } from '../route'

const tag = 'auth'
const exampleToken = 'T-KEN.inv_01jabcdefghjkmnpqrstvwxyz0.c2VjcmV0LXNlY3JldC1zZWNyZXQ'

export const authRoutes = [
  route({
    method: 'post', path: '/api/v1/auth/login', tag, access: 'public', personData: false,
    summary: 'Sign in with email and password; returns a short-lived access token and a refresh token',
    body: LoginInput, example: { email: 'registrar@example.org', password: 'correct horse battery' }, response: TokenResponse,
    handler: async ({ body }) => auth.login(body),
  }),
  route({
    method: 'post', path: '/api/v1/auth/refresh', tag, access: 'public', personData: false,
    summary: 'Trade a refresh token for new tokens (the refresh token rotates)',
    body: RefreshInput, example: { refreshToken: 'usr_x.ses_y.secret-secret' }, response: TokenResponse,
    handler: async ({ body }) => auth.refresh(body),
  }),
  route({
    method: 'post', path: '/api/v1/auth/logout', tag, access: 'signed-in', personData: false, status: 204,
    summary: 'End this sign-in (its refresh token stops working)',
    handler: async () => auth.logout(),
  }),
  route({
    method: 'post', path: '/api/v1/auth/switch', tag, access: 'signed-in', personData: false,
    summary: 'Switch to another of your roles (another country, partner or donor)',
    body: SwitchInput, example: { scope: { kind: 'tenant', id: 'KEN' } }, response: TokenResponse,
    handler: async ({ body }) => auth.switchScope(body),
  }),
  route({
    method: 'post', path: '/api/v1/auth/password', tag, access: 'signed-in', personData: false,
    summary: 'Change your password; your other sign-ins end',
    body: PasswordChange, example: { currentPassword: 'old password here', newPassword: 'a new long password' },
    handler: async ({ body }) => auth.changePassword(body),
  }),
  route({
    method: 'post', path: '/api/v1/auth/invitations/preview', tag, access: 'public', personData: false,
    summary: 'What an invitation link offers (role, country), before accepting it',
    body: InvitationPreview, example: { token: exampleToken }, response: InvitationPreviewInfo,
    handler: async ({ body }) => auth.previewInvitation(body.token),
  }),
  route({
    method: 'post', path: '/api/v1/auth/invitations/accept', tag, access: 'public', personData: false, status: 202,
    summary: 'Accept an invitation: creates an account for its email if there is none (the answer is the same either way); then sign in with the invitation to take the role',
    body: InvitationAccept, example: { token: exampleToken, name: 'Amina Odhiambo', password: 'a long password' }, response: InvitationAccepted,
    handler: async ({ body }) => auth.acceptInvitation(body),
  }),
  route({
    method: 'post', path: '/api/v1/auth/invitations/join', tag, access: 'signed-in', personData: false,
    summary: "Take an invitation addressed to the signed-in user's email: the role is added and the session moves to it",
    body: InvitationJoin, example: { token: exampleToken }, response: TokenResponse,
    handler: async ({ body }) => auth.joinInvitation(body),
  }),
  route({
    method: 'get', path: '/api/v1/me', tag, access: 'signed-in', personData: false,
    summary: 'The signed-in user, the current role and all roles held',
    response: z.looseObject({ user: user.UserInfo, role: z.string(), memberships: z.array(user.Membership) }),
    handler: async () => user.me(),
  }),
]
