import type { AnyRoute } from '../route'
import { healthRoutes } from './health'
import { workerRoutes } from './workers'

/**
 * The route table by group, paths only, in the order of ./index.ts (the first route registered wins a
 * match). The app registers every path at start; the registry's own groups (health, workers) are loaded
 * with it, the others on the first request to one of their routes, through one import() (../app-lazy.ts):
 * a cold start parses and builds the schemas and core of the groups it serves, not all of them
 * (docs/PERFORMANCE.md). A route added to a group's module must be listed here too, or it answers 500;
 * tests/api/bundle.test.ts checks this list against ./index.ts.
 */
export type RouteGroup = { load: () => Promise<AnyRoute[]>; routes: readonly string[] }

export const routeGroups: RouteGroup[] = [
  {
    load: async () => healthRoutes,
    routes: [
      'get /api/v1/health',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.authRoutes),
    routes: [
      'post /api/v1/auth/login',
      'post /api/v1/auth/refresh',
      'post /api/v1/auth/logout',
      'post /api/v1/auth/switch',
      'post /api/v1/auth/password',
      'post /api/v1/auth/invitations/preview',
      'post /api/v1/auth/invitations/accept',
      'post /api/v1/auth/invitations/join',
      'get /api/v1/me',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.partnerRoutes),
    routes: [
      'get /api/v1/partners',
      'post /api/v1/partners',
      'get /api/v1/partners/:partnerId',
      'post /api/v1/partners/:partnerId/invitations',
      'get /api/v1/donors',
      'post /api/v1/donors',
      'post /api/v1/donors/:donorId/invitations',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.tenantRoutes),
    routes: [
      'get /api/v1/tenants',
      'post /api/v1/tenants',
      'get /api/v1/tenants/:tenantId',
      'patch /api/v1/tenants/:tenantId',
      'post /api/v1/tenants/:tenantId/suspend',
      'post /api/v1/tenants/:tenantId/resume',
      'post /api/v1/tenants/:tenantId/export',
      'post /api/v1/tenants/:tenantId/offboard',
      'post /api/v1/tenants/:tenantId/status-index',
      'get /api/v1/tenants/:tenantId/invitations',
      'post /api/v1/tenants/:tenantId/invitations',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.invitationRoutes),
    routes: [
      'post /api/v1/tenants/:tenantId/invitations/:invitationId/revoke',
      'post /api/v1/tenants/:tenantId/invitations/:invitationId/resend',
      'get /api/v1/partners/:partnerId/invitations',
      'post /api/v1/partners/:partnerId/invitations/:invitationId/revoke',
      'post /api/v1/partners/:partnerId/invitations/:invitationId/resend',
      'get /api/v1/donors/:donorId/invitations',
      'post /api/v1/donors/:donorId/invitations/:invitationId/revoke',
      'post /api/v1/donors/:donorId/invitations/:invitationId/resend',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.clientRoutes),
    routes: [
      'get /api/v1/clients',
      'post /api/v1/clients',
      'get /api/v1/clients/:clientId',
      'post /api/v1/clients/:clientId/rotate',
      'post /api/v1/clients/:clientId/revoke',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.userRoutes),
    routes: [
      'get /api/v1/users',
      'post /api/v1/users',
      'get /api/v1/users/:userId',
      'patch /api/v1/users/:userId',
      'post /api/v1/users/:userId/deactivate',
      'post /api/v1/users/:userId/reactivate',
      'delete /api/v1/users/:userId',
      'get /api/v1/audit',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.orgUnitRoutes),
    routes: [
      'get /api/v1/occupations',
      'get /api/v1/cadres',
      'post /api/v1/cadres',
      'get /api/v1/cadres/:cadreId',
      'patch /api/v1/cadres/:cadreId',
      'get /api/v1/org-units',
      'get /api/v1/org-units/tree',
      'post /api/v1/org-units',
      'get /api/v1/org-units/:orgUnitId',
      'patch /api/v1/org-units/:orgUnitId',
      'post /api/v1/org-units/:orgUnitId/move',
      'get /api/v1/facilities',
      'post /api/v1/facilities',
      'get /api/v1/facilities/:facilityId',
      'patch /api/v1/facilities/:facilityId',
    ],
  },
  {
    load: async () => workerRoutes,
    routes: [
      'get /api/v1/workers',
      'post /api/v1/workers',
      'get /api/v1/workers/:workerId',
      'patch /api/v1/workers/:workerId',
      'get /api/v1/workers/:workerId/record',
      'get /api/v1/workers/:workerId/history',
      'post /api/v1/workers/:workerId/merge',
      'get /api/v1/workers/:workerId/licences',
      'post /api/v1/workers/:workerId/licences',
      'patch /api/v1/workers/:workerId/licences/:licenceId',
      'post /api/v1/workers/:workerId/licences/:licenceId/renewals',
      'post /api/v1/workers/:workerId/licences/:licenceId/actions',
      'get /api/v1/workers/:workerId/deployments',
      'post /api/v1/workers/:workerId/deployments',
      'patch /api/v1/workers/:workerId/deployments/:deploymentId',
      'get /api/v1/workers/:workerId/training',
      'post /api/v1/workers/:workerId/training',
      'get /api/v1/workers/:workerId/exits',
      'post /api/v1/workers/:workerId/exits',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.securityRoutes),
    routes: [
      'get /api/v1/security-events',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.jobRoutes),
    routes: [
      'get /api/v1/jobs',
      'get /api/v1/jobs/:jobId',
      'post /api/v1/jobs/:jobId/cancel',
      'get /api/v1/jobs/:jobId/download',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.importRoutes),
    routes: [
      'get /api/v1/imports/template',
      'post /api/v1/imports',
      'put /api/v1/imports/:importId/file',
      'get /api/v1/imports',
      'get /api/v1/imports/:importId',
      'post /api/v1/imports/:importId/check',
      'post /api/v1/imports/:importId/commit',
      'post /api/v1/imports/:importId/cancel',
      'get /api/v1/imports/:importId/report.csv',
      'get /api/v1/exports/workers.csv',
      'get /api/v1/exports/facilities.csv',
      'get /api/v1/exports/organisation-units.json',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.indicatorRoutes),
    routes: [
      'get /api/v1/indicators/definitions',
      'get /api/v1/indicators',
      'post /api/v1/indicators/recount',
      'get /api/v1/indicators/population-table',
      'put /api/v1/indicators/population-table',
      'get /api/v1/indicators/populations',
      'put /api/v1/indicators/populations/:orgUnitId',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.periodRoutes),
    routes: [
      'get /api/v1/periods',
      'post /api/v1/periods/freeze',
      'post /api/v1/periods/approve',
      'post /api/v1/periods/reopen',
      'get /api/v1/periods/dhis2',
      'get /api/v1/periods/dhis2-mapping',
      'put /api/v1/periods/dhis2-mapping',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.sharingRoutes),
    routes: [
      'get /api/v1/sharing',
      'put /api/v1/sharing',
    ],
  },
  {
    load: () => import('../app-lazy').then((m) => m.summaryRoutes),
    routes: [
      'get /api/v1/summaries',
    ],
  },
]
