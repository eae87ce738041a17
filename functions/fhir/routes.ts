import { registryReaders } from '../api/routes/roles'
import { transaction } from './feed/transaction'
import { status } from './feed/async'
import { capabilityStatement } from './capability'
import { historyInstance, historyType, read, search, vread } from './interactions'
import type { FhirRoute } from './route'

/** People who read the registry, and systems (whose scopes then decide each type: see mount.ts) */
const readers = [...registryReaders, 'api-client'] as const
/** Feeds come from systems (with the write scope of each type) and from the country's registry administrators */
const feeders = ['ministry-admin', 'registrar', 'api-client'] as const

/**
 * The FHIR route table, relative to `/fhir/:tenantId`. Static segments come before `:id` so that
 * `_history` and `_search` are never read as ids.
 */
export const fhirRoutes: FhirRoute[] = [
  { method: 'GET', path: '/metadata', interaction: 'capabilities', access: 'public', summary: 'The CapabilityStatement (mCSD Directory)', handler: async (r) => ({ body: capabilityStatement(r.base) }) },
  { method: 'POST', path: '/', interaction: 'transaction', access: feeders, summary: 'ITI-130: a transaction Bundle of the seven mCSD types', handler: transaction },
  { method: 'GET', path: '/$status/:id', interaction: 'async-status', access: feeders, summary: 'The status of a bundle written in the background (202 with X-Progress, then its answer)', handler: status },
  { method: 'GET', path: '/:type/_history', interaction: 'history-type', access: readers, summary: 'ITI-91: changes since _since, newest first', handler: historyType },
  { method: 'GET', path: '/:type', interaction: 'search-type', access: readers, summary: 'ITI-90: search', handler: search },
  { method: 'POST', path: '/:type/_search', interaction: 'search-type', access: readers, summary: 'ITI-90: search with the parameters in a form body', handler: search },
  { method: 'GET', path: '/:type/:id/_history/:versionId', interaction: 'vread', access: readers, summary: 'Read a version', handler: vread },
  { method: 'GET', path: '/:type/:id/_history', interaction: 'history-instance', access: readers, summary: 'The history of one resource', handler: historyInstance },
  { method: 'GET', path: '/:type/:id', interaction: 'read', access: readers, summary: 'Read a resource', handler: read },
]
