import type { AnyRoute } from '../route'
import { authRoutes } from './auth'
import { clientRoutes } from './clients'
import { healthRoutes } from './health'
import { invitationRoutes } from './invitations'
import { jobRoutes } from './jobs'
import { orgUnitRoutes } from './orgunits'
import { partnerRoutes } from './partners'
import { securityRoutes } from './security'
import { tenantRoutes } from './tenants'
import { userRoutes } from './users'
import { workerRoutes } from './workers'
import { summaryRoutes } from './summaries'
import { sharingRoutes } from './sharing'
import { periodRoutes } from './periods'
import { indicatorRoutes } from './indicators'

/** The route table: the app, the OpenAPI document and the isolation and fuzz suites are all built from it. */
export const routes: AnyRoute[] = [...healthRoutes, ...authRoutes, ...partnerRoutes, ...tenantRoutes, ...invitationRoutes, ...clientRoutes, ...userRoutes, ...orgUnitRoutes, ...workerRoutes, ...securityRoutes, ...jobRoutes, ...indicatorRoutes, ...periodRoutes, ...sharingRoutes, ...summaryRoutes]
