/**
 * What the API loads on first use, not at a cold start: the route groups other than the registry's own
 * (./routes/groups.ts), the FHIR Directory, the reference docs, the import file's ceiling and the tenant
 * core (jobs, the FHIR feed). One module behind one import(): a bundle split into chunks (infra/api-bundle.ts)
 * keeps it in few files, where an import() per group cut the entry into dozens of small chunks whose loading
 * cost a cold start more than the groups left out saved.
 */
export { authRoutes } from './routes/auth'
export { partnerRoutes } from './routes/partners'
export { tenantRoutes } from './routes/tenants'
export { invitationRoutes } from './routes/invitations'
export { clientRoutes } from './routes/clients'
export { userRoutes } from './routes/users'
export { orgUnitRoutes } from './routes/orgunits'
export { securityRoutes } from './routes/security'
export { jobRoutes } from './routes/jobs'
export { importRoutes } from './routes/imports'
export { indicatorRoutes } from './routes/indicators'
export { periodRoutes } from './routes/periods'
export { sharingRoutes } from './routes/sharing'
export { summaryRoutes } from './routes/summaries'
export { routes } from './routes'
export { openApiDocument } from './openapi'
export { docsPage } from './docs'
export { mountFhir } from '../fhir/mount'
export { MAX_IMPORT_BYTES } from '../core/import/schema'
export * as tenant from '../core/tenant'
