import { InvitationInfo, InvitationIssued } from '../../core/invitation/schema'
import * as tenant from '../../core/tenant'
import { JobInfo } from '../../jobs/schema'
import { inviteToTenant, tenantInvitations, TenantInvite } from '../../core/tenant/invite'
import { PageQuery, pageOf } from '../../core/util/schema'
import { startStatusIndex } from '../../core/worker/status-index-job'
import { route } from '../route'
import { TenantParams } from './params'

const tag = 'tenants'
const readers = ['platform-admin', 'partner-admin', 'ministry-admin', 'registrar', 'manager', 'viewer'] as const
const stewards = ['platform-admin', 'partner-admin', 'ministry-admin'] as const

export const tenantRoutes = [
  route({
    method: 'get', path: '/api/v1/tenants', tag, access: readers, personData: false,
    summary: 'Countries you can see: all (platform), those you support (partner), your own (ministry)',
    query: PageQuery, response: pageOf(tenant.TenantInfo),
    handler: async ({ query }) => tenant.list(query),
  }),
  route({
    method: 'post', path: '/api/v1/tenants', tag, access: ['platform-admin', 'partner-admin'], personData: false, status: 201,
    summary: 'Provision a country tenant',
    body: tenant.TenantCreate,
    example: { id: 'MWI', name: 'Malawi Ministry of Health', languages: ['en'], population: [{ year: 2025, value: 21_000_000 }], stage: 'pilot' },
    response: tenant.TenantInfo,
    handler: async ({ body }) => tenant.create(body),
  }),
  route({
    method: 'get', path: '/api/v1/tenants/:tenantId', tag, access: readers, personData: false,
    summary: 'One country tenant', params: TenantParams, response: tenant.TenantInfo,
    handler: async ({ params }) => tenant.get(params.tenantId),
  }),
  route({
    method: 'patch', path: '/api/v1/tenants/:tenantId', tag, access: stewards, personData: false, ifMatch: true,
    summary: 'Change a country’s settings (If-Match required)',
    params: TenantParams, body: tenant.TenantUpdate, example: { stage: 'rollout' }, response: tenant.TenantInfo,
    handler: async ({ params, body, version }) => tenant.update(params.tenantId, version, body),
  }),
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/suspend', tag, access: ['platform-admin'], personData: false,
    summary: 'Suspend a country: all its users get 403 tenant.suspended', params: TenantParams, response: tenant.TenantInfo,
    handler: async ({ params }) => tenant.setStatus(params.tenantId, 'suspended'),
  }),
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/resume', tag, access: ['platform-admin'], personData: false,
    summary: 'Lift a suspension', params: TenantParams, response: tenant.TenantInfo,
    handler: async ({ params }) => tenant.setStatus(params.tenantId, 'active'),
  }),
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/export', tag, access: ['platform-admin', 'ministry-admin'], personData: false, status: 202,
    summary: 'Export every item of a country to a file, as a job (portability and restore): follow it at /jobs/{id}, fetch it from /jobs/{id}/download',
    params: TenantParams, response: JobInfo,
    handler: async ({ params }) => tenant.startExport(params.tenantId),
  }),
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/offboard', tag, access: ['platform-admin'], personData: false, status: 202,
    summary: 'Offboard a suspended country, as a job: its export, then its data deleted, leaving a tombstone',
    params: TenantParams, response: JobInfo,
    handler: async ({ params }) => tenant.offboard(params.tenantId),
  }),
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/status-index', tag, access: ['platform-admin'], personData: false, status: 202,
    summary: 'Build a country’s status index (workers by status other than active), as a job: once, for a country registered before the index existed; lists by status use it when it ends',
    params: TenantParams, response: JobInfo,
    handler: async ({ params }) => startStatusIndex(params.tenantId),
  }),
  route({
    method: 'get', path: '/api/v1/tenants/:tenantId/invitations', tag, access: stewards, personData: false,
    summary: 'Invitations to a country', params: TenantParams, query: PageQuery, response: pageOf(InvitationInfo),
    handler: async ({ params, query }) => tenantInvitations(params.tenantId, query.cursor, query.limit),
  }),
  route({
    method: 'post', path: '/api/v1/tenants/:tenantId/invitations', tag, access: stewards, personData: false, status: 201,
    summary: 'Invite a user to a country (a partner: only the first ministry admin); the link is returned',
    params: TenantParams, body: TenantInvite, example: { email: 'admin@health.example', role: 'ministry-admin' }, response: InvitationIssued,
    handler: async ({ params, body }) => inviteToTenant(params.tenantId, body),
  }),
]
