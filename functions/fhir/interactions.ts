import type { Resource } from '@medplum/fhirtypes'
import { useActor } from '../core/actor'
import { recordRead } from '../core/audit'
import { AppError } from '../core/error'
import { history, searchset } from './bundle'
import { assertFhirId, fromFhirId } from './ids'
import { assertScope } from './scopes'
import type { FhirRequest, FhirResponse } from './route'
import { MAX_COUNT, DEFAULT_COUNT, parseSearch, readPage, runSearch } from './search/engine'
import { invalid, parseDate } from './search/params'
import type { Change } from './search/types'

const notFound = (type: string, id: string) => new AppError(404, 'fhir.not_found', `No ${type} with id ${id}`)

const versioned = (r: Resource): Record<string, string> => ({
  ETag: `W/"${r.meta?.versionId}"`,
  ...(r.meta?.lastUpdated ? { 'Last-Modified': new Date(r.meta.lastUpdated).toUTCString() } : {}),
})

/**
 * Reading people leaves an audit event, as the JSON API's worker reads do, written before the data is returned:
 * one per Practitioner read, one per page of a search or history that shows any (naming them all).
 */
async function audit(req: FhirRequest, shown: Resource[], action: string) {
  const people = shown.filter((r) => r.resourceType === 'Practitioner')
  if (!people.length) return
  if (action === 'worker.read') return recordRead({ action, entityType: 'worker', entityId: fromFhirId(people[0]!.id!) })
  // a page of many people: one event naming them all (a search is one look, however many it shows)
  await recordRead({ action, entityType: 'worker', entityId: 'fhir', after: { ids: people.map((r) => fromFhirId(r.id!)), query: req.url.search.slice(0, 500) } })
}

async function current(req: FhirRequest) {
  assertFhirId(req.id)
  const resource = await req.def.read(req.id)
  if (!resource) throw notFound(req.def.type, req.id)
  return resource
}

export async function read(req: FhirRequest): Promise<FhirResponse> {
  const resource = await current(req)
  await audit(req, [resource], 'worker.read')
  return { body: resource, headers: versioned(resource) }
}

/**
 * A version by id. The Directory serves the current version of each resource (earlier states are in the
 * audit log, not kept as FHIR versions): an earlier version id is a 404 that says which version is current.
 */
export async function vread(req: FhirRequest): Promise<FhirResponse> {
  const resource = await current(req)
  if (resource.meta?.versionId !== req.versionId)
    throw new AppError(404, 'fhir.version_not_kept', `${req.def.type}/${req.id} version ${req.versionId.slice(0, 40)} is not available; the current version is ${resource.meta?.versionId}`)
  await audit(req, [resource], 'worker.read')
  return { body: resource, headers: versioned(resource) }
}

/** The type each `_include` brings in (a `_revinclude` brings in the type it names first). */
const includeTargets: Record<string, string> = { 'PractitionerRole:practitioner': 'Practitioner', 'Location:organization': 'Organization', 'Location:partof': 'Location' }

export async function search(req: FhirRequest): Promise<FhirResponse> {
  const request = parseSearch(req.def, req.params, req.lenient)
  // a system may not reach, through _include, a type its scopes do not open
  for (const name of request.include) assertScope(useActor(), includeTargets[name] ?? name, 'read')
  for (const name of request.revinclude) assertScope(useActor(), name.split(':')[0]!, 'read')
  const { matches, next } = await runSearch(req.def, request)
  const included: Resource[] = []
  for (const name of request.include) included.push(...(await req.def.includes[name]!(matches)))
  for (const name of request.revinclude) included.push(...(await req.def.revincludes[name]!(matches)))
  await audit(req, [...matches, ...included], 'worker.search')
  return { body: searchset(req.base, selfUrl(req, request.ignored), matches, included, next) }
}

/** The self link shows the parameters used; ignored ones (lenient handling) are left out, as FHIR asks. */
function selfUrl(req: FhirRequest, ignored: string[]) {
  const url = new URL(`${req.base}/${req.def.type}`)
  for (const [k, v] of req.params) if (!ignored.includes(k) && k !== '_cursor') url.searchParams.append(k, v)
  const cursor = req.params.find(([k]) => k === '_cursor')
  if (cursor) url.searchParams.set('_cursor', cursor[1])
  return url
}

const historyParams = new Set(['_since', '_count', '_cursor', '_format', '_pretty'])

/**
 * ITI-91: what changed since `_since`, newest first, from the change feed (gsi5). A page costs its own
 * size in reads, whatever the size of the country.
 */
export async function historyType(req: FhirRequest): Promise<FhirResponse> {
  let since = '0000'
  let count = DEFAULT_COUNT
  let cursor: string | undefined
  for (const [k, v] of req.params) {
    if (k === '_since') {
      const d = parseDate(v)
      if (d.prefix !== 'eq' || !/T/.test(v)) throw invalid('_since must be an instant, such as 2025-01-31T00:00:00Z')
      since = new Date(d.lo).toISOString()
    } else if (k === '_count') {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0) throw invalid('_count must be a whole number')
      count = Math.min(n, MAX_COUNT)
    } else if (k === '_cursor') cursor = v
    else if (!historyParams.has(k) && !req.lenient) throw new AppError(400, 'fhir.unknown_parameter', `_history has no parameter "${k.slice(0, 60)}"`, { parameter: k })
  }
  const page = await readPage<Change<Resource>>(req.def.changes(since, '9999', true), `${req.def.type}:_history`, () => true, count, cursor)
  await audit(req, page.items.flatMap((c) => (c.resource ? [c.resource] : [])), 'worker.history')
  const url = new URL(`${req.base}/${req.def.type}/_history`)
  for (const [k, v] of req.params) url.searchParams.append(k, v)
  return { body: history(req.base, url, req.def.type, page.items, page.next) }
}

/** The history of one resource: its current version (see vread). */
export async function historyInstance(req: FhirRequest): Promise<FhirResponse> {
  const resource = await current(req)
  await audit(req, [resource], 'worker.read')
  return { body: history(req.base, new URL(`${req.base}/${req.def.type}/${req.id}/_history`), req.def.type, [{ resource }], null) }
}
