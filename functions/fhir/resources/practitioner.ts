import type { Practitioner } from '@medplum/fhirtypes'
import { useTenant } from '../../core/actor'
import { keys } from '../../core/db/keys'
import { strip, type Item } from '../../core/db/marshal'
import { getItem, queryAll, type QueryInput } from '../../core/db/read'
import type { LicenceInfo } from '../../core/licence/schema'
import type { TrainingInfo } from '../../core/training/schema'
import type { WorkerInfo } from '../../core/worker/schema'
import { normalizeName } from '../../core/util/text'
import { registryId } from '../ids'
import { toPractitioner, type WorkerRecord } from '../map/practitioner'
import { identifierMatches, codeMatches, stringMatches } from '../search/match'
import { parseToken, type Criterion } from '../search/params'
import { concat, indexSource, listSource } from '../search/sources'
import type { Change, ParamDef, TypeDef } from '../search/types'
import { idSystem, profile } from '../systems'
import { idParam, lastUpdatedParam } from './common'
import { scopePath } from '../../core/scope'
import { batchGet, feedSource, scopeFilter, visibleIn } from './shared'

/** A worker's licences and training, read with one query of its partition. */
async function recordOf(worker: WorkerInfo): Promise<WorkerRecord> {
  const children = await queryAll<Item>({ partition: keys.workerPartition(worker.id).pk }, 2000)
  const of = <T>(prefix: string) => children.filter((c) => String(c.sk).startsWith(prefix)).map((c) => strip<T>(c))
  return { worker, licences: of<LicenceInfo>('LIC#'), training: of<TrainingInfo>('TRN#') }
}

/** The records of the workers the caller may see. */
async function recordsOf(workers: WorkerInfo[]): Promise<WorkerRecord[]> {
  const visible = await visibleIn()
  return Promise.all(workers.filter((w) => visible(w.path)).map(recordOf))
}

const practitioners = async (workers: WorkerInfo[]) => (await recordsOf(workers)).map((r) => toPractitioner(useTenant(), r))

const fromItems = (items: Item[]) => practitioners(items.map((i) => strip<WorkerInfo>(i)))

const workersByIds = async (ids: string[]) => (await batchGet<Item>([...new Set(ids)].map((id) => keys.worker(id)))).map((i) => strip<WorkerInfo>(i))
const byWorkerIds = async (ids: string[]) => practitioners(await workersByIds(ids))

export async function readPractitioner(id: string) {
  const workerId = registryId('worker', id)
  if (!workerId) return undefined
  const item = await getItem(keys.worker(workerId))
  return item ? (await practitioners([strip<WorkerInfo>(item)]))[0] : undefined
}

/** The workers holding an identifier, through the registry's uniqueness guards (one read each). */
async function holders(raw: string): Promise<string[]> {
  const tenant = useTenant()
  const { system, code } = parseToken(raw)
  if (!code) return []
  const guard = async (key: { pk: string; sk: string }) => (await getItem<{ workerId: string }>(key))?.workerId
  const ids: (string | undefined)[] = []
  if (!system || system === idSystem.nationalId(tenant)) ids.push(await guard(keys.nationalId(code)))
  if (!system || system === idSystem.registryNumber(tenant)) ids.push(await guard(keys.registryNumber(code)))
  if (system?.startsWith(idSystem.licencePrefix(tenant))) ids.push(await guard(keys.licenceNumber(system.slice(idSystem.licencePrefix(tenant).length), code.toUpperCase())))
  if ((!system || system === idSystem.registry(tenant)) && /^wrk_[0-9a-z]{26}$/.test(code)) ids.push(code)
  return ids.filter((x): x is string => !!x)
}

const name = (p: Practitioner) => p.name?.[0]
const family = (p: Practitioner) => [name(p)?.family]
const given = (p: Practitioner) => [name(p)?.given?.[0]]

/**
 * Name searches ride the name indexes: family name first (gsi1), given name first (gsi6). `:contains` walks
 * the family-name index with a filter on the folded name: each page costs the same, rare matches take more pages.
 */
function nameIndex(c: Criterion, which: 'family' | 'given' | 'name') {
  if (c.values.length !== 1) return undefined
  const prefix = normalizeName(c.values[0]!)
  if (!prefix) return undefined
  const familyIndex = async (): Promise<Omit<QueryInput, 'cursor' | 'limit'>> => {
    const scope = await scopeFilter()
    if (c.modifier !== 'contains') return { index: 'gsi1', partition: keys.workerNamePartition(), prefix, filter: scope }
    // the given-name index's key ("given family", folded) is a plain attribute on the family-name index
    const filter = { expression: 'contains(#k, :t)', names: { '#k': 'gsi6sk' }, values: { ':t': prefix } }
    return { index: 'gsi1', partition: keys.workerNamePartition(), filter: scope ? { expression: `${filter.expression} AND ${scope.expression}`, names: { ...filter.names, ...scope.names }, values: { ...filter.values, ...scope.values } } : filter }
  }
  const givenIndex = async (): Promise<Omit<QueryInput, 'cursor' | 'limit'>> => ({ index: 'gsi6', partition: keys.workerGivenNamePartition(), prefix, filter: await scopeFilter() })
  if (c.modifier === 'contains' || which === 'family') return indexSource(familyIndex, fromItems)
  if (which === 'given') return indexSource(givenIndex, fromItems)
  // family names first, then given names, skipping those the family index already gave
  return concat([indexSource(familyIndex, fromItems), indexSource(givenIndex, (items) => fromItems(items.filter((i) => !String(i.gsi1sk ?? '').startsWith(prefix))))])
}

const nameParam = (documentation: string, which: 'family' | 'given' | 'name', fields: (p: Practitioner, modifier: string | undefined) => (string | undefined)[]): ParamDef<Practitioner> => ({
  type: 'string',
  documentation,
  match: (p, v, m) => stringMatches(fields(p, m), v, m),
  index: { rank: 4, source: (c) => nameIndex(c, which) },
})

/**
 * `name` matches what the name indexes hold: family, given, the whole name either way round (starts with);
 * `:contains` looks inside family, given and "given family" (what the `:contains` walk filters on).
 */
const anyName = (p: Practitioner, m: string | undefined) => {
  const n = name(p)
  const f = n?.family
  const g = n?.given?.[0]
  if (m === 'exact') return [f, g, n?.text]
  if (m === 'contains') return [f, g, `${g} ${f}`]
  return [f, g, `${f} ${g}`, `${g} ${f}`]
}

/** Which part of a record (worker, licence, training) changed last: its feed entry is where the record appears. */
const latestKey = (r: WorkerRecord) => [r.worker, ...r.licences, ...r.training].map((x) => `${x.updatedAt}#${x.id}`).reduce((a, b) => (b > a ? b : a))

function changes(from: string, to: string, newestFirst: boolean) {
  return feedSource<Practitioner>(['wrk_', 'lic_', 'trn_'], from, to, newestFirst, async (items) => {
    const workerIds = items.map((i) => (String(i.id).startsWith('wrk_') ? String(i.id) : String(i.workerId)))
    const records = new Map((await recordsOf(await workersByIds(workerIds))).map((r) => [r.worker.id, r]))
    // a record changes through its worker, licences and training: it appears once, at its latest change
    return items.flatMap((item, n): Change<Practitioner>[] => {
      const r = records.get(workerIds[n]!)
      return r && latestKey(r) === `${item.updatedAt}#${item.id}` ? [{ resource: toPractitioner(useTenant(), r) }] : []
    })
  })
}

export const practitionerType: TypeDef<Practitioner> = {
  type: 'Practitioner',
  profiles: [profile.practitioner],
  read: readPractitioner,
  // in name order; a scoped user walks their subtree instead (the path index), never the whole country
  all: indexSource(async () => {
    const scope = await scopePath()
    return scope ? { index: 'gsi2', partition: keys.workerPathPartition(), prefix: scope } : { index: 'gsi1', partition: keys.workerNamePartition() }
  }, fromItems),
  changes,
  params: {
    _id: idParam(readPractitioner),
    _lastUpdated: lastUpdatedParam(changes),
    active: { type: 'token', documentation: 'Whether the worker is in the active workforce (not exited, deceased or merged)', match: (p, v) => codeMatches(p.active, v) },
    identifier: {
      type: 'token',
      documentation: 'National id, registry number or licence number (system|value)',
      match: (p, v) => identifierMatches(p.identifier, v),
      index: { rank: 1, source: (c) => listSource(async () => byWorkerIds((await Promise.all(c.values.map(holders))).flat())) },
    },
    name: nameParam('Family or given name, or the whole name (starts with; :exact, :contains)', 'name', anyName),
    family: nameParam('Family name', 'family', family),
    given: nameParam('Given name', 'given', given),
  },
  includes: {},
  revincludes: {},
}
