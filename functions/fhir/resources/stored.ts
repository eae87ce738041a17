import type { Endpoint, HealthcareService, OrganizationAffiliation, Resource } from '@medplum/fhirtypes'
import { keys } from '../../core/db/keys'
import type { Item } from '../../core/db/marshal'
import { getItem } from '../../core/db/read'
import { FHIR_ID } from '../ids'
import { codeMatches, conceptMatches, identifierMatches, referenceMatches, stringMatches } from '../search/match'
import { parseDate } from '../search/params'
import { indexSource } from '../search/sources'
import type { ParamDef, TypeDef } from '../search/types'
import { profile } from '../systems'
import { idParam, lastUpdatedParam } from './common'
import { feedSource } from './shared'

/**
 * The mCSD types the registry has no record of its own for: kept as received from feeds (unknown elements and
 * extensions included), with the Directory's id, version and time. One partition per type: a country has
 * tens or hundreds of them, so a search walks the partition and filters (a Query, never a Scan).
 */
export type StoredType = 'HealthcareService' | 'Endpoint' | 'OrganizationAffiliation'

/** The id kind of each type in the change feed, ahead of the FHIR id: the feed is filtered on it. */
export const storedPrefix: Record<StoredType, string> = { HealthcareService: 'hcs', Endpoint: 'ept', OrganizationAffiliation: 'oaf' }

/** What is kept: the resource, and beside it what the change feed and versions need. */
export interface StoredItem {
  id: string
  fhirId: string
  type: StoredType
  version: number
  createdAt: string
  updatedAt: string
  resource: Resource
}

export const storedItem = (s: StoredItem) => ({ ...keys.fhirResource(s.type, s.fhirId), ...keys.changeFeed(s.updatedAt, s.id), ...s })

export function toResource(s: StoredItem): Resource {
  const { id: _id, meta, ...rest } = s.resource as Resource & { meta?: Resource['meta'] }
  return { ...rest, id: s.fhirId, meta: { ...meta, versionId: String(s.version), lastUpdated: s.updatedAt } } as Resource
}

const fromItems = <R>(items: Item[]) => Promise.resolve(items.map((i) => toResource(i as unknown as StoredItem) as R))

export async function readStored(type: StoredType, id: string) {
  if (!FHIR_ID.test(id)) return undefined
  const item = await getItem<StoredItem>(keys.fhirResource(type, id))
  return item ? toResource(item) : undefined
}

function storedDef<R extends Resource>(type: StoredType, profiles: string[], params: Record<string, ParamDef<R>>): TypeDef<R> {
  const read = (id: string) => readStored(type, id) as Promise<R | undefined>
  const changes = (from: string, to: string, newestFirst: boolean) =>
    feedSource<R>([`${storedPrefix[type]}_`], from, to, newestFirst, async (items) => (await fromItems<R>(items)).map((resource) => ({ resource })))
  return {
    type,
    profiles,
    read,
    all: indexSource(async () => ({ partition: keys.fhirResourcePartition(type) }), fromItems<R>),
    changes,
    params: { _id: idParam(read), _lastUpdated: lastUpdatedParam(changes), ...params },
    includes: {},
    revincludes: {},
  }
}

const token = <R>(documentation: string, get: (r: R) => string | boolean | undefined): ParamDef<R> => ({ type: 'token', documentation, match: (r, v) => codeMatches(get(r), v) })
const reference = <R>(documentation: string, type: string, get: (r: R) => ({ reference?: string } | undefined)[]): ParamDef<R> => ({ type: 'reference', documentation, match: (r, v) => referenceMatches(get(r), v, type) })
const identifier = <R extends { identifier?: HealthcareService['identifier'] }>(): ParamDef<R> => ({ type: 'token', documentation: 'An identifier (system|value)', match: (r, v) => identifierMatches(r.identifier, v) })

export const healthcareServiceType = storedDef<HealthcareService>('HealthcareService', [profile.healthcareService], {
  active: token('Whether the service is offered', (r) => r.active),
  identifier: identifier(),
  location: reference('Where the service is offered', 'Location', (r) => r.location ?? []),
  name: { type: 'string', documentation: 'The name (starts with; :exact, :contains)', match: (r, v, m) => stringMatches([r.name], v, m) },
  organization: reference('The Organization that provides the service', 'Organization', (r) => [r.providedBy]),
  'service-type': { type: 'token', documentation: 'The type of service', match: (r, v) => conceptMatches(r.type ?? [], v) },
})

export const endpointType = storedDef<Endpoint>('Endpoint', [profile.endpoint], {
  identifier: identifier(),
  organization: reference('The Organization that manages the endpoint', 'Organization', (r) => [r.managingOrganization]),
  status: token('active, suspended, error, off, entered-in-error or test', (r) => r.status),
})

/** A date search on a Period (FHIR search, "date" on ranges): the period's extent against the value's. */
function periodMatches(p: { start?: string; end?: string } | undefined, raw: string) {
  const v = parseDate(raw)
  const lo = p?.start ? Date.parse(p.start) : -Infinity
  // an end date is the whole of its day
  const hi = p?.end ? Date.parse(p.end) + (p.end.length <= 10 ? 86_399_999 : 0) : Infinity
  const overlaps = lo < v.hi && hi >= v.lo
  switch (v.prefix) {
    case 'ne': return !overlaps
    case 'gt': return hi >= v.hi
    case 'sa': return lo >= v.hi
    case 'ge': return hi >= v.lo
    case 'lt': return lo < v.lo
    case 'eb': return hi < v.lo
    case 'le': return lo < v.hi
    default: return overlaps
  }
}

export const organizationAffiliationType = storedDef<OrganizationAffiliation>('OrganizationAffiliation', [profile.organizationAffiliation], {
  active: token('Whether the affiliation is in force', (r) => r.active),
  date: { type: 'date', documentation: 'A date within the period of the affiliation', match: (r, v) => periodMatches(r.period, v) },
  identifier: identifier(),
  'participating-organization': reference('The Organization that takes part', 'Organization', (r) => [r.participatingOrganization]),
  'primary-organization': reference('The Organization the affiliation is with', 'Organization', (r) => [r.organization]),
  role: { type: 'token', documentation: 'The role of the participating organization', match: (r, v) => conceptMatches(r.code ?? [], v) },
})
