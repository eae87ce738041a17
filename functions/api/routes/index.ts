import type { AnyRoute } from '../route'
import { authRoutes } from './auth'
import { healthRoutes } from './health'
import { partnerRoutes } from './partners'
import { tenantRoutes } from './tenants'
import { userRoutes } from './users'

/** The route table: the app, the OpenAPI document and the isolation and fuzz suites are all built from it. */
export const routes: AnyRoute[] = [...healthRoutes, ...authRoutes, ...partnerRoutes, ...tenantRoutes, ...userRoutes]
