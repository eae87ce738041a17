import type { PractitionerRole, Reference } from '@medplum/fhirtypes'
import { useActor, useTenant } from '../../core/actor'
import * as cadre from '../../core/cadre'
import type { CadreInfo } from '../../core/cadre/schema'
import { keys } from '../../core/db/keys'
import { strip, type Item } from '../../core/db/marshal'
import { getItem, queryAll } from '../../core/db/read'
import type { DeploymentInfo } from '../../core/deployment/schema'
import type { OrgUnitInfo } from '../../core/orgunit/schema'
import type { WorkerInfo } from '../../core/worker/schema'
import { parseRoleId, registryId } from '../ids'
import { toPractitionerRole } from '../map/practitioner-role'
import { codeMatches, conceptMatches, referenceMatches } from '../search/match'
import { parseReference, parseToken, type Criterion } from '../search/params'
import { concat, indexSource, listSource } from '../search/sources'
import type { ParamDef, Source, TypeDef } from '../search/types'
import { idSystem, ISCO08, profile } from '../systems'
import { idParam, lastUpdatedParam } from './common'
import { readPractitioner } from './practitioner'
import { scopePath } from '../../core/scope'
import { batchGet, feedSource, scopeFilter, visibleIn } from './shared'

/** A country's cadres (tens of them), read once per request. */
const cadreCache = new WeakMap<object, Promise<Map<string, CadreInfo>>>()
function cadres() {
  const actor = useActor()
  let hit = cadreCache.get(actor)
  if (!hit) cadreCache.set(actor, (hit = cadre.list().then((l) => new Map(l.items.map((c) => [c.id, c])))))
  return hit
}

async function roles(deployments: DeploymentInfo[]): Promise<PractitionerRole[]> {
  const byId = await cadres()
  return deployments.map((d) => toPractitionerRole(useTenant(), d, byId.get(d.cadreId)))
}

/** The deployments of workers the caller may see. */
async function deploymentsOf(workers: WorkerInfo[]): Promise<DeploymentInfo[]> {
  const visible = await visibleIn()
  const lists = await Promise.all(workers.filter((w) => visible(w.path)).map((w) => queryAll<Item>({ partition: keys.workerPartition(w.id).pk, prefix: 'DEP#' }, 1000)))
  return lists.flat().map((i) => strip<DeploymentInfo>(i))
}

const fromWorkerItems = async (items: Item[]) => roles(await deploymentsOf(items.map((i) => strip<WorkerInfo>(i))))

/** Deployments whose worker the caller may see (the worker's place decides, as in the JSON API). */
async function visibleDeployments(list: DeploymentInfo[]) {
  const visible = await visibleIn()
  const workers = new Map((await batchGet<Item>([...new Set(list.map((d) => d.workerId))].map((id) => keys.worker(id)))).map((w) => [w.id as string, w]))
  return list.filter((d) => workers.has(d.workerId) && visible(workers.get(d.workerId)!.path as string))
}

export async function readRole(id: string) {
  const ids = parseRoleId(id)
  if (!ids) return undefined
  const item = await getItem(keys.workerChild(ids.workerId, 'DEP', ids.deploymentId))
  if (!item) return undefined
  const [visible] = await visibleDeployments([strip<DeploymentInfo>(item)])
  return visible ? (await roles([visible]))[0] : undefined
}

/** Roles of one worker: its partition. */
function byPractitioner(c: Criterion): Source<PractitionerRole> | undefined {
  if (c.values.length !== 1) return undefined
  const workerId = registryId('worker', parseReference(c.values[0]!, 'Practitioner').replace(/^Practitioner\//, ''))
  if (!workerId) return listSource(async () => [])
  return listSource(async () => {
    const worker = await getItem(keys.worker(workerId))
    return worker ? fromWorkerItems([worker]) : []
  })
}

/**
 * Roles at a facility: the workers placed there now (gsi2, the facility's path), then their deployments.
 * Ended deployments of workers who have since moved elsewhere are found through the practitioner instead.
 */
function atFacility(type: 'Location' | 'Organization') {
  return (c: Criterion): Source<PractitionerRole> | undefined => {
    if (c.values.length !== 1) return undefined
    const unitId = registryId('orgUnit', parseReference(c.values[0]!, type).replace(`${type}/`, ''))
    if (!unitId) return listSource(async () => [])
    return async (cursor, size) => {
      const unit = await getItem<OrgUnitInfo>(keys.orgUnit(unitId))
      if (!unit || unit.kind !== 'facility' || !(await visibleIn())(unit.path)) return { items: [], cursor: null }
      return indexSource({ index: 'gsi2', partition: keys.workerPathPartition(), prefix: unit.path }, fromWorkerItems)(cursor, size)
    }
  }
}

/** Roles by cadre: the workers of each matching cadre (gsi3), then their deployments. */
function byRole(c: Criterion): Source<PractitionerRole> | undefined {
  if (c.values.length !== 1) return undefined
  return async (cursor, size) => {
    const token = parseToken(c.values[0]!)
    const tenant = useTenant()
    const matching = [...(await cadres()).values()].filter(
      (k) => (!token.system || token.system === ISCO08 ? k.iscoCode === token.code : false) || ((!token.system || token.system === idSystem.cadre(tenant)) && k.id === token.code),
    )
    const scope = await scopeFilter()
    const sources = matching.map((k) => indexSource({ index: 'gsi3', partition: keys.workerCadrePartition(k.id), filter: scope }, fromWorkerItems))
    return sources.length ? concat(sources)(cursor, size) : { items: [], cursor: null }
  }
}

function changes(from: string, to: string, newestFirst: boolean) {
  return feedSource<PractitionerRole>(['dep_'], from, to, newestFirst, async (items) => (await roles(await visibleDeployments(items.map((i) => strip<DeploymentInfo>(i))))).map((resource) => ({ resource })))
}

const reference = (documentation: string, type: string, refs: (r: PractitionerRole) => (Reference | undefined)[], source?: (c: Criterion) => Source<PractitionerRole> | undefined): ParamDef<PractitionerRole> => ({
  type: 'reference',
  documentation,
  match: (r, v) => referenceMatches(refs(r), v, type),
  ...(source ? { index: { rank: 2, source } } : {}),
})

export const practitionerRoleType: TypeDef<PractitionerRole> = {
  type: 'PractitionerRole',
  profiles: [profile.practitionerRole],
  read: readRole,
  // every worker in the caller's subtree, in hierarchy order, and their deployments
  all: indexSource(async () => ({ index: 'gsi2', partition: keys.workerPathPartition(), prefix: (await scopePath()) ?? '/' }), fromWorkerItems),
  changes,
  params: {
    _id: idParam(readRole),
    _lastUpdated: lastUpdatedParam(changes),
    active: { type: 'token', documentation: 'Whether the deployment is current', match: (r, v) => codeMatches(r.active, v) },
    practitioner: reference('The deployed worker', 'Practitioner', (r) => [r.practitioner], byPractitioner),
    location: reference('The facility (Location)', 'Location', (r) => r.location ?? [], atFacility('Location')),
    organization: reference('The facility (Organization)', 'Organization', (r) => [r.organization], atFacility('Organization')),
    role: {
      type: 'token',
      documentation: 'The cadre: its ISCO-08 code or the country cadre id (system|code)',
      match: (r, v) => conceptMatches(r.code ?? [], v),
      index: { rank: 3, source: byRole },
    },
    service: reference('A HealthcareService the role delivers', 'HealthcareService', (r) => r.healthcareService ?? []),
    specialty: { type: 'token', documentation: 'A specialty of the role', match: (r, v) => conceptMatches(r.specialty ?? [], v) },
  },
  includes: {
    'PractitionerRole:practitioner': async (page) => {
      const ids = [...new Set(page.map((r) => r.practitioner?.reference?.replace('Practitioner/', '')).filter((x): x is string => !!x))]
      return (await Promise.all(ids.map(readPractitioner))).filter((p) => p !== undefined)
    },
  },
  revincludes: {},
}
