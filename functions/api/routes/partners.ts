import * as z from 'zod/mini'
import * as invitation from '../../core/invitation'
import { InvitationIssued } from '../../core/invitation/schema'
import * as partner from '../../core/partner'
import * as donor from '../../core/donor'
import { Email, PageQuery, pageOf } from '../../core/util/schema'
import { route } from '../route'
import { DonorParams, PartnerParams } from './params'

const InviteEmail = z.strictObject({ email: Email })

export const partnerRoutes = [
  route({
    method: 'get', path: '/api/v1/partners', tag: 'partners', access: ['platform-admin', 'partner-admin'], personData: false,
    summary: 'Development partners (a partner admin sees its own)',
    query: PageQuery, response: pageOf(partner.PartnerInfo),
    handler: async ({ query }) => partner.list(query),
  }),
  route({
    method: 'post', path: '/api/v1/partners', tag: 'partners', access: ['platform-admin'], personData: false, status: 201,
    summary: 'Create a development partner',
    body: partner.PartnerCreate, example: { name: 'Health Systems Partners', country: 'KEN' }, response: partner.PartnerInfo,
    handler: async ({ body }) => partner.create(body),
  }),
  route({
    method: 'get', path: '/api/v1/partners/:partnerId', tag: 'partners', access: ['platform-admin', 'partner-admin'], personData: false,
    summary: 'One partner', params: PartnerParams, response: partner.PartnerInfo,
    handler: async ({ params }) => partner.get(params.partnerId),
  }),
  route({
    method: 'post', path: '/api/v1/partners/:partnerId/invitations', tag: 'partners', access: ['platform-admin'], personData: false, status: 201,
    summary: "Invite a partner admin (the link is returned: there is no email)",
    params: PartnerParams, body: InviteEmail, example: { email: 'lead@partner.example' }, response: InvitationIssued,
    handler: async ({ params, body }) => {
      const p = await partner.get(params.partnerId)
      return invitation.invite({ kind: 'partner', id: p.id }, p.name, { email: body.email, role: 'partner-admin' })
    },
  }),
  route({
    method: 'get', path: '/api/v1/donors', tag: 'donors', access: ['platform-admin'], personData: false,
    summary: 'Donor organisations', query: PageQuery, response: pageOf(donor.DonorInfo),
    handler: async ({ query }) => donor.list(query),
  }),
  route({
    method: 'post', path: '/api/v1/donors', tag: 'donors', access: ['platform-admin'], personData: false, status: 201,
    summary: 'Create a donor organisation', body: donor.DonorCreate, example: { name: 'Global Health Fund' }, response: donor.DonorInfo,
    handler: async ({ body }) => donor.create(body),
  }),
  route({
    method: 'post', path: '/api/v1/donors/:donorId/invitations', tag: 'donors', access: ['platform-admin'], personData: false, status: 201,
    summary: 'Invite a donor user', params: DonorParams, body: InviteEmail, example: { email: 'analyst@donor.example' }, response: InvitationIssued,
    handler: async ({ params, body }) => {
      const d = await donor.get(params.donorId)
      return invitation.invite({ kind: 'donor', id: d.id }, d.name, { email: body.email, role: 'donor' })
    },
  }),
]
