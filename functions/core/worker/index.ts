import { useTenant } from '../actor'
import { inReadTrace, recordRead, traceRead } from '../audit'
import * as cadre from '../cadre'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError, notFound, versionMismatch } from '../error'
import { newId } from '../id'
import * as orgunit from '../orgunit'
import { assertInScope, scopePath } from '../scope'
import { bumped, created } from '../util/entity'
import { assertIdentifiersFree, duplicate, probableDuplicate, probableDuplicates } from './duplicates'
import { firstDeployment } from './first-deployment'
import { workerWrites } from './item'
import { WorkerCreate, WorkerUpdate, type WorkerInfo } from './schema'

export * from './schema'
export { list } from './list'

export const origin = (trainingCountry: string | undefined) =>
  !trainingCountry ? 'unknown' : trainingCountry === useTenant() ? 'domestic' : 'foreign'

/** Cadres are never deleted, so one that was seen once exists for good: remember it for the process. */
const knownCadres = new Set<string>()
async function assertCadre(cadreId: string) {
  const key = `${useTenant()}/${cadreId}`
  if (knownCadres.has(key)) return
  await cadre.get(cadreId).catch(() => {
    throw new AppError(400, 'worker.cadre_not_found', 'No such cadre in this country', { field: 'cadreId' })
  })
  knownCadres.add(key)
}

/** Where a worker sits: its facility if deployed, else its home unit; a scoped user must place it inside their subtree. */
async function homePath(orgUnitId: string | undefined) {
  if (!orgUnitId) {
    if (await scopePath()) throw new AppError(400, 'worker.org_unit_required', 'Choose an org unit inside your area', { field: 'orgUnitId' })
    return '/'
  }
  const unit = await orgunit.get(orgUnitId).catch(() => {
    throw new AppError(400, 'worker.org_unit_not_found', 'No such org unit (or outside your area)', { field: 'orgUnitId' })
  })
  return unit.path
}

/** the uniqueness guards of a new worker's identifiers (national id, registry number) */
export function guardWrites(w: WorkerInfo): Write[] {
  const writes: Write[] = []
  if (w.nationalId) writes.push({ put: { ...keys.nationalId(w.nationalId), workerId: w.id }, when: 'absent', conflict: () => duplicate('unknown') })
  if (w.registryNumber) writes.push({ put: { ...keys.registryNumber(w.registryNumber), workerId: w.id }, when: 'absent', conflict: () => duplicate('unknown', 'registry number') })
  return writes
}

/**
 * Registers a worker in one transaction. The hot path reads once (the birth cohort, for probable duplicates;
 * the cadre is usually known already) and lets the transaction check that the identifiers are free.
 */
export async function create(input: WorkerCreate) {
  const { confirmNotDuplicate, position, startDate, ...data } = WorkerCreate.parse(input)
  const [path, probable] = await Promise.all([homePath(data.orgUnitId), confirmNotDuplicate ? undefined : probableDuplicates(data), assertCadre(data.cadreId)])
  if (probable && (probable.candidates.length || probable.hidden)) throw await probableDuplicate(probable)
  let worker: WorkerInfo = { id: newId('worker'), ...data, trainingOrigin: origin(data.trainingCountry), path, ...created() }
  // registered at a facility: deployed there from the first day
  const first = data.orgUnitId?.startsWith('fac_') ? await firstDeployment(worker, await orgunit.get(data.orgUnitId), position, startDate) : undefined
  if (first) worker = first.worker
  try {
    await commit([...workerWrites(worker, 'absent'), ...guardWrites(worker), ...(first?.writes ?? [])], {
      audit: [{ action: 'worker.create', entityType: 'worker', entityId: worker.id, after: worker }, ...(first ? [first.audit] : [])],
      result: worker,
    })
  } catch (error) {
    // the guard said "taken": name the record that holds the identifier
    if (error instanceof AppError && error.code === 'worker.duplicate') await assertIdentifiersFree(data)
    throw error
  }
  return worker
}

/**
 * The record, if the caller may see it. Inside a declared read (a route with `personData: 'read'`) its read
 * event starts here, beside the request's other reads; code that reads before it writes leaves none.
 */
export async function load(id: string) {
  const item = await getItem(keys.worker(id))
  if (!item) throw notFound('worker')
  const worker = strip<WorkerInfo>(item)
  await assertInScope(worker.path, 'worker')
  traceRead(worker.id)
  return worker
}

/** Reading a person's record leaves an audit event (who looked at whom): the request's trace, or its own. */
export async function get(id: string) {
  const worker = await load(id)
  if (!inReadTrace()) await recordRead({ action: 'worker.read', entityType: 'worker', entityId: id })
  return worker
}

export async function update(id: string, version: number, changes: WorkerUpdate) {
  const current = await load(id)
  if (current.version !== version) throw versionMismatch(current.version)
  if (current.status === 'merged') throw new AppError(409, 'worker.merged', 'This record was merged into another', { mergedInto: current.mergedInto })
  const parsed = WorkerUpdate.parse(changes)
  if (parsed.cadreId && parsed.cadreId !== current.cadreId) await assertCadre(parsed.cadreId)
  const next: WorkerInfo = { ...current, ...(parsed as Partial<WorkerInfo>), ...bumped(current) }
  for (const k of ['nationalId', 'registryNumber'] as const) if (parsed[k] === null) delete next[k]
  if (parsed.orgUnitId && parsed.orgUnitId !== current.orgUnitId) {
    // checked even while deployed: the home unit is where the worker returns when the deployment ends
    const home = await homePath(parsed.orgUnitId)
    if (!current.facilityId) next.path = home
  }
  if (parsed.trainingCountry !== undefined) next.trainingOrigin = origin(parsed.trainingCountry)
  await assertIdentifiersFree(next, id)

  const writes: Write[] = workerWrites(next, { version })
  if (current.nationalId !== next.nationalId) {
    if (current.nationalId) writes.push({ delete: keys.nationalId(current.nationalId) })
    if (next.nationalId) writes.push({ put: { ...keys.nationalId(next.nationalId), workerId: id }, when: 'absent', conflict: () => duplicate('unknown') })
  }
  if (current.registryNumber !== next.registryNumber) {
    if (current.registryNumber) writes.push({ delete: keys.registryNumber(current.registryNumber) })
    if (next.registryNumber) writes.push({ put: { ...keys.registryNumber(next.registryNumber), workerId: id }, when: 'absent', conflict: () => duplicate('unknown', 'registry number') })
  }
  await commit(writes, { audit: { action: 'worker.update', entityType: 'worker', entityId: id, before: current, after: next }, result: next })
  return next
}
