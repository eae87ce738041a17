import * as donor from '../../core/donor'
import * as invitation from '../../core/invitation'
import { InvitationInfo, InvitationIssued } from '../../core/invitation/schema'
import * as partner from '../../core/partner'
import { accessibleTenant } from '../../core/tenant/access'
import { PageQuery, pageOf } from '../../core/util/schema'
import { route } from '../route'
import { DonorInvitationParams, DonorParams, PartnerInvitationParams, PartnerParams, TenantInvitationParams } from './params'

/**
 * Revoking and resending invitations, by those who may invite into the scope (a partner: only those its own
 * people issued). Listing and issuing a country's invitations are in tenants.ts.
 */
const tag = 'invitations'
const stewards = ['platform-admin', 'partner-admin', 'ministry-admin'] as const
const platform = ['platform-admin'] as const

const tenantScope = async (tenantId: string) => ({ kind: 'tenant' as const, id: (await accessibleTenant(tenantId)).id })
const partnerScope = async (partnerId: string) => ({ kind: 'partner' as const, id: (await partner.get(partnerId)).id })
const donorScope = async (donorId: string) => ({ kind: 'donor' as const, id: (await donor.get(donorId)).id })

export const invitationRoutes = [
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/invitations/:invitationId/revoke', tag, access: stewards, personData: false,
    summary: 'Revoke a pending invitation to a country: its link stops working', params: TenantInvitationParams, response: InvitationInfo,
    handler: async ({ params }) => invitation.revoke(await tenantScope(params.tenantId), params.invitationId),
  }),
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/invitations/:invitationId/resend', tag, access: stewards, personData: false,
    summary: 'A new link for a pending invitation, valid 14 days again; the old link stops working', params: TenantInvitationParams, response: InvitationIssued,
    handler: async ({ params }) => invitation.resend(await tenantScope(params.tenantId), params.invitationId),
  }),
  route({
    method: 'get', path: '/api/v1/partners/:partnerId/invitations', tag, access: platform, personData: false,
    summary: 'Invitations to a partner', params: PartnerParams, query: PageQuery, response: pageOf(InvitationInfo),
    handler: async ({ params, query }) => invitation.list(await partnerScope(params.partnerId), query.cursor, query.limit),
  }),
  route({
    method: 'post', path: '/api/v1/partners/:partnerId/invitations/:invitationId/revoke', tag, access: platform, personData: false,
    summary: 'Revoke a pending invitation to a partner', params: PartnerInvitationParams, response: InvitationInfo,
    handler: async ({ params }) => invitation.revoke(await partnerScope(params.partnerId), params.invitationId),
  }),
  route({
    method: 'post', path: '/api/v1/partners/:partnerId/invitations/:invitationId/resend', tag, access: platform, personData: false,
    summary: 'A new link for a pending invitation to a partner', params: PartnerInvitationParams, response: InvitationIssued,
    handler: async ({ params }) => invitation.resend(await partnerScope(params.partnerId), params.invitationId),
  }),
  route({
    method: 'get', path: '/api/v1/donors/:donorId/invitations', tag, access: platform, personData: false,
    summary: 'Invitations to a donor', params: DonorParams, query: PageQuery, response: pageOf(InvitationInfo),
    handler: async ({ params, query }) => invitation.list(await donorScope(params.donorId), query.cursor, query.limit),
  }),
  route({
    method: 'post', path: '/api/v1/donors/:donorId/invitations/:invitationId/revoke', tag, access: platform, personData: false,
    summary: 'Revoke a pending invitation to a donor', params: DonorInvitationParams, response: InvitationInfo,
    handler: async ({ params }) => invitation.revoke(await donorScope(params.donorId), params.invitationId),
  }),
  route({
    method: 'post', path: '/api/v1/donors/:donorId/invitations/:invitationId/resend', tag, access: platform, personData: false,
    summary: 'A new link for a pending invitation to a donor', params: DonorInvitationParams, response: InvitationIssued,
    handler: async ({ params }) => invitation.resend(await donorScope(params.donorId), params.invitationId),
  }),
]
