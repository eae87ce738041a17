import * as client from '../../core/client'
import { pageOf } from '../../core/util/schema'
import { route } from '../route'
import { ClientParams } from './params'

const tag = 'api clients'
const admins = ['ministry-admin'] as const

export const clientRoutes = [
  route({
    method: 'get', path: '/api/v1/clients', tag, access: admins, personData: false,
    summary: 'Systems with client credentials for your country (FHIR Directory access)', query: client.list.schema, response: pageOf(client.ClientInfo),
    handler: async ({ query }) => client.list(query),
  }),
  route({
    method: 'post', path: '/api/v1/clients', tag, access: admins, personData: false, status: 201,
    summary: 'Create an API client: its secret is in this answer only; it obtains tokens at POST /oauth/token (client credentials)',
    body: client.ClientCreate, example: { name: 'National payroll', scopes: ['system/Practitioner.read', 'system/PractitionerRole.read'] }, response: client.ClientIssued,
    handler: async ({ body }) => client.create(body),
  }),
  route({
    method: 'get', path: '/api/v1/clients/:clientId', tag, access: admins, personData: false,
    summary: 'One API client', params: ClientParams, response: client.ClientInfo,
    handler: async ({ params }) => client.get(params.clientId),
  }),
  route({
    method: 'post', path: '/api/v1/clients/:clientId/rotate', tag, access: admins, personData: false,
    summary: 'A new secret for an API client (shown once); the old one stops working', params: ClientParams, response: client.ClientIssued,
    handler: async ({ params }) => client.rotate(params.clientId),
  }),
  route({
    method: 'post', path: '/api/v1/clients/:clientId/revoke', tag, access: admins, personData: false,
    summary: 'Revoke an API client: its secret and its tokens stop working at once', params: ClientParams, response: client.ClientInfo,
    handler: async ({ params }) => client.revoke(params.clientId),
  }),
]
