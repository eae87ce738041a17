import { useTenant } from '../actor'
import { inReadTrace, recordRead, traceRead } from '../audit'
import * as cadre from '../cadre'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem } from '../db/read'
import { commit, IdempotentReplay, type Write } from '../db/write'
import { AppError, notFound, versionMismatch } from '../error'
import { newId } from '../id'
import { useIdempotency } from '../idempotency/context'
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
/** Checks the cadre exists; reads it when its name is wanted (the default position of a first deployment). */
async function assertCadre(cadreId: string, wantName = false): Promise<string | undefined> {
  const key = `${useTenant()}/${cadreId}`
  if (knownCadres.has(key) && !wantName) return undefined
  const found = await cadre.get(cadreId).catch(() => {
    throw new AppError(400, 'worker.cadre_not_found', 'No such cadre in this country', { field: 'cadreId' })
  })
  knownCadres.add(key)
  return found.name
}

/** Where a worker sits: its facility if deployed, else its home unit; a scoped user must place it inside their subtree. */
async function homePath(orgUnitId: string | undefined) {
  return (await homeUnit(orgUnitId))?.path ?? '/'
}

/** The unit a worker is registered at (checked against the caller's subtree), or undefined for the country's root. */
async function homeUnit(orgUnitId: string | undefined) {
  if (!orgUnitId) {
    if (await scopePath()) throw new AppError(400, 'worker.org_unit_required', 'Choose an org unit inside your area', { field: 'orgUnitId' })
    return undefined
  }
  return orgunit.get(orgUnitId).catch(() => {
    throw new AppError(400, 'worker.org_unit_not_found', 'No such org unit (or outside your area)', { field: 'orgUnitId' })
  })
}

/** the uniqueness guards of a new worker's identifiers (national id, registry number) */
export function guardWrites(w: WorkerInfo): Write[] {
  const writes: Write[] = []
  if (w.nationalId) writes.push({ put: { ...keys.nationalId(w.nationalId), workerId: w.id }, when: 'absent', conflict: () => duplicate('unknown') })
  if (w.registryNumber) writes.push({ put: { ...keys.registryNumber(w.registryNumber), workerId: w.id }, when: 'absent', conflict: () => duplicate('unknown', 'registry number') })
  return writes
}

/**
 * Registers a worker in one transaction, after one round of reads made at once: the unit (read once, also
 * the first deployment's facility), the birth cohort for probable duplicates, the caller's subtree, and the
 * cadre when its name is the default position (else it is usually known already). The transaction checks
 * that the identifiers are free and, under an Idempotency-Key, that the key is unused (the route reads no
 * stored result first: `idempotentCommit`).
 */
export async function create(input: WorkerCreate) {
  const { confirmNotDuplicate, position, startDate, ...data } = WorkerCreate.parse(input)
  const atFacility = !!data.orgUnitId?.startsWith('fac_')
  const [unit, probable, cadreName] = await Promise.all([
    homeUnit(data.orgUnitId),
    confirmNotDuplicate ? undefined : probableDuplicates(data),
    assertCadre(data.cadreId, atFacility && !position),
    scopePath(),
  ])
  if (probable && (probable.candidates.length || probable.hidden)) {
    // a repeated request finds its own first result among the candidates: answer with that result, show nobody
    await assertKeyUnused()
    throw await probableDuplicate(probable)
  }
  let worker: WorkerInfo = { id: newId('worker'), ...data, trainingOrigin: origin(data.trainingCountry), path: unit?.path ?? '/', ...created() }
  // registered at a facility: deployed there from the first day
  const first = atFacility && unit ? await firstDeployment(worker, unit, position ?? cadreName, startDate) : undefined
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

/** Under an Idempotency-Key already used, the request is a replay: the API answers with the first result. */
async function assertKeyUnused() {
  const idem = useIdempotency()
  if (idem && (await getItem(keys.idempotency(idem.userId, idem.key)))) throw new IdempotentReplay()
}

/**
 * The record, if the caller may see it. Inside a declared read (a route with `personData: 'read'`) its read
 * event starts here, beside the request's other reads; code that reads before it writes leaves none.
 */
export async function load(id: string) {
  // the caller's subtree is read beside the record, not after it
  const [item] = await Promise.all([getItem(keys.worker(id)), scopePath()])
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
