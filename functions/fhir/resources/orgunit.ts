import type { Location, Organization } from '@medplum/fhirtypes'
import { useTenant } from '../../core/actor'
import { keys } from '../../core/db/keys'
import { strip, type Item } from '../../core/db/marshal'
import { getItem } from '../../core/db/read'
import type { OrgUnitInfo } from '../../core/orgunit/schema'
import { scopePath } from '../../core/scope'
import { registryId } from '../ids'
import { toLocation, toOrganization } from '../map/orgunit'
import { codeMatches, conceptMatches, identifierMatches, referenceMatches, stringMatches } from '../search/match'
import { parseReference, type Criterion } from '../search/params'
import { indexSource, listSource } from '../search/sources'
import type { ParamDef, Source, TypeDef } from '../search/types'
import { profile } from '../systems'
import { idParam, lastUpdatedParam } from './common'
import { feedSource, visibleIn } from './shared'

type Kind = 'Location' | 'Organization'
type Out<K extends Kind> = K extends 'Location' ? Location : Organization

/** Org units the caller may see (their subtree), as the resource of the pair that is asked for. */
async function build<K extends Kind>(kind: K, units: OrgUnitInfo[]): Promise<Out<K>[]> {
  const visible = await visibleIn()
  const tenant = useTenant()
  return units.filter((u) => visible(u.path)).map((u) => (kind === 'Location' ? toLocation(tenant, u) : toOrganization(tenant, u)) as Out<K>)
}

const fromItems = <K extends Kind>(kind: K) => (items: Item[]) => build(kind, items.map((i) => strip<OrgUnitInfo>(i)))

async function read<K extends Kind>(kind: K, id: string): Promise<Out<K> | undefined> {
  const unitId = registryId('orgUnit', id)
  const item = unitId ? await getItem(keys.orgUnit(unitId)) : undefined
  return item ? (await build(kind, [strip<OrgUnitInfo>(item)]))[0] : undefined
}

/** The children of a unit: one partition of gsi3, in name order. */
function children<K extends Kind>(kind: K) {
  return (c: Criterion): Source<Out<K>> | undefined => {
    if (c.values.length !== 1) return undefined
    const parentId = registryId('orgUnit', parseReference(c.values[0]!, kind).replace(`${kind}/`, ''))
    if (!parentId) return listSource(async () => [])
    return indexSource({ index: 'gsi3', partition: keys.orgUnitChild(parentId, '', '').gsi3pk }, fromItems(kind))
  }
}

/** The same unit as the other half of its pair: a Location's Organization shares its id. */
function sameUnit<K extends Kind>(kind: K, other: Kind) {
  return (c: Criterion): Source<Out<K>> | undefined => {
    const ids = c.values.map((v) => parseReference(v, other).replace(`${other}/`, ''))
    return listSource(async () => (await Promise.all(ids.map((id) => read(kind, id)))).filter((x) => x !== undefined))
  }
}

function changes<K extends Kind>(kind: K) {
  return (from: string, to: string, newestFirst: boolean) =>
    feedSource<Out<K>>(['ou_', 'fac_'], from, to, newestFirst, async (items) => (await fromItems(kind)(items)).map((resource) => ({ resource })))
}

function commonParams<K extends Kind>(kind: K): Record<string, ParamDef<Out<K>>> {
  return {
    _id: idParam((id) => read(kind, id)),
    _lastUpdated: lastUpdatedParam(changes(kind)),
    identifier: { type: 'token', documentation: 'MFL code, DHIS2 uid or registry id (system|value)', match: (r, v) => identifierMatches(r.identifier, v) },
    name: { type: 'string', documentation: 'The name (starts with; :exact, :contains)', match: (r, v, m) => stringMatches([r.name], v, m) },
    type: { type: 'token', documentation: 'facility or jurisdiction (mCSD), the facility type, or its HL7 service-delivery code', match: (r, v) => conceptMatches(r.type ?? [], v) },
    partof: { type: 'reference', documentation: 'The parent unit', match: (r, v) => referenceMatches([r.partOf], v, kind), index: { rank: 2, source: children(kind) } },
  }
}

/** Every unit and facility in the caller's subtree, in hierarchy order (the path index, gsi2). */
const all = <K extends Kind>(kind: K) => indexSource(async () => ({ index: 'gsi2', partition: keys.orgUnitPath('').gsi2pk, prefix: (await scopePath()) ?? '/' }), fromItems(kind))

export const readLocation = (id: string) => read('Location', id)
export const readOrganization = (id: string) => read('Organization', id)

export const locationType: TypeDef<Location> = {
  type: 'Location',
  profiles: [profile.location, profile.facilityLocation, profile.jurisdictionLocation],
  read: readLocation,
  all: all('Location'),
  changes: changes('Location'),
  params: {
    ...commonParams('Location'),
    status: { type: 'token', documentation: 'active, suspended or inactive', match: (r, v) => codeMatches(r.status, v) },
    organization: {
      type: 'reference',
      documentation: 'The managing Organization (the other half of the pair)',
      match: (r, v) => referenceMatches([r.managingOrganization], v, 'Organization'),
      index: { rank: 1, source: sameUnit('Location', 'Organization') },
    },
  },
  includes: {
    'Location:organization': async (page) => (await Promise.all(page.map((l) => readOrganization(l.id!)))).filter((x) => x !== undefined),
    'Location:partof': async (page) => (await Promise.all([...new Set(page.flatMap((l) => (l.partOf?.reference ? [l.partOf.reference.replace('Location/', '')] : [])))].map(readLocation))).filter((x) => x !== undefined),
  },
  revincludes: {},
}

export const organizationType: TypeDef<Organization> = {
  type: 'Organization',
  profiles: [profile.organization, profile.facilityOrganization, profile.jurisdictionOrganization],
  read: readOrganization,
  all: all('Organization'),
  changes: changes('Organization'),
  params: {
    ...commonParams('Organization'),
    active: { type: 'token', documentation: 'Whether the organization is active', match: (r, v) => codeMatches(r.active, v) },
  },
  includes: {},
  revincludes: {
    'Location:organization': async (page) => (await Promise.all(page.map((o) => readLocation(o.id!)))).filter((x) => x !== undefined),
  },
}
