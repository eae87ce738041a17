import { registryReaders } from '../api/routes/roles'
import { capabilityStatement } from './capability'
import { historyInstance, historyType, read, search, vread } from './interactions'
import type { FhirRoute } from './route'

/**
 * The FHIR route table, relative to `/fhir/:tenantId`. Static segments come before `:id` so that
 * `_history` and `_search` are never read as ids.
 */
export const fhirRoutes: FhirRoute[] = [
  { method: 'GET', path: '/metadata', interaction: 'capabilities', access: 'public', summary: 'The CapabilityStatement (mCSD Directory)', handler: async (r) => ({ body: capabilityStatement(r.base) }) },
  { method: 'GET', path: '/:type/_history', interaction: 'history-type', access: registryReaders, summary: 'ITI-91: changes since _since, newest first', handler: historyType },
  { method: 'GET', path: '/:type', interaction: 'search-type', access: registryReaders, summary: 'ITI-90: search', handler: search },
  { method: 'POST', path: '/:type/_search', interaction: 'search-type', access: registryReaders, summary: 'ITI-90: search with the parameters in a form body', handler: search },
  { method: 'GET', path: '/:type/:id/_history/:versionId', interaction: 'vread', access: registryReaders, summary: 'Read a version', handler: vread },
  { method: 'GET', path: '/:type/:id/_history', interaction: 'history-instance', access: registryReaders, summary: 'The history of one resource', handler: historyInstance },
  { method: 'GET', path: '/:type/:id', interaction: 'read', access: registryReaders, summary: 'Read a resource', handler: read },
]
