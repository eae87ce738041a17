import * as security from '../../core/security'
import { pageOf } from '../../core/util/schema'
import { route } from '../route'

export const securityRoutes = [
  route({
    method: 'get', path: '/api/v1/security-events', tag: 'security', access: ['platform-admin'], personData: false,
    summary: 'Probes refused across the platform, newest first: another country’s resources, a subtree outside a scoped user’s, repeated 404s on person ids',
    query: security.SecurityEventQuery, response: pageOf(security.SecurityEvent),
    handler: async ({ query }) => security.list(query),
  }),
]
