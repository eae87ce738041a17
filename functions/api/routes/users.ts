import * as audit from '../../core/audit'
import { useTenant } from '../../core/actor'
import { InvitationIssued } from '../../core/invitation/schema'
import { inviteToTenant } from '../../core/tenant/invite'
import * as user from '../../core/user'
import { deactivateMember, reactivateMember } from '../../core/user/deactivate'
import { pageOf } from '../../core/util/schema'
import { route } from '../route'
import { UserParams } from './params'

const admins = ['ministry-admin'] as const

export const userRoutes = [
  route({
    method: 'get', path: '/api/v1/users', tag: 'users', access: admins, personData: false,
    summary: 'Users of your country and their roles', query: user.listMembers.schema, response: pageOf(user.Membership),
    handler: async ({ query }) => user.listMembers(query),
  }),
  route({
    method: 'post', path: '/api/v1/users', tag: 'users', access: admins, personData: false, status: 201,
    summary: 'Add a user to your country: returns the invitation link they open to set a password',
    body: user.MemberInvite, example: { email: 'registrar@health.example', role: 'registrar' }, response: InvitationIssued,
    handler: async ({ body }) => inviteToTenant(useTenant(), body),
  }),
  route({
    method: 'get', path: '/api/v1/users/:userId', tag: 'users', access: admins, personData: false,
    summary: 'One user’s role in your country', params: UserParams, response: user.Membership,
    handler: async ({ params }) => user.getMember(params.userId),
  }),
  route({
    method: 'patch', path: '/api/v1/users/:userId', tag: 'users', access: admins, personData: false, ifMatch: true,
    summary: 'Change a user’s role or org-unit scope (If-Match required)',
    params: UserParams, body: user.MemberUpdate, example: { role: 'viewer' }, response: user.Membership,
    handler: async ({ params, body, version }) => user.updateMember(params.userId, version, body),
  }),
  route({
    method: 'post', path: '/api/v1/users/:userId/deactivate', tag: 'users', access: admins, personData: false, ifMatch: true,
    summary: 'Deactivate a user in your country (If-Match required): they cannot sign in to it and their sign-ins to it end; role and history are kept',
    params: UserParams, response: user.Membership,
    handler: async ({ params, version }) => deactivateMember(params.userId, version),
  }),
  route({
    method: 'post', path: '/api/v1/users/:userId/reactivate', tag: 'users', access: admins, personData: false, ifMatch: true,
    summary: 'Reactivate a deactivated user (If-Match required): they sign in again with the same role and org-unit scope',
    params: UserParams, response: user.Membership,
    handler: async ({ params, version }) => reactivateMember(params.userId, version),
  }),
  route({
    method: 'delete', path: '/api/v1/users/:userId', tag: 'users', access: admins, personData: false, status: 204,
    summary: 'Remove a user from your country', params: UserParams,
    handler: async ({ params }) => user.removeMember(params.userId),
  }),
  route({
    method: 'get', path: '/api/v1/audit', tag: 'audit', access: admins, personData: 'list',
    summary: 'The audit log of your country, newest first; `entityId` narrows it to one record’s history',
    query: audit.list.schema, response: pageOf(audit.AuditEvent),
    handler: async ({ query }) => audit.list(query),
  }),
]
