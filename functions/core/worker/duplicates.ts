import { recordBulkRead, recordRead } from '../audit'
import { keys } from '../db/keys'
import { getItem, queryAll } from '../db/read'
import { AppError } from '../error'
import { scopePath } from '../scope'
import { editDistance, normalizeName } from '../util/text'
import { fullName } from './item'
import type { WorkerInfo } from './schema'


/** Same national id (or registry number) as an existing worker: a certain duplicate. */
export async function assertIdentifiersFree(w: Pick<WorkerInfo, 'nationalId' | 'registryNumber'>, self?: string) {
  for (const [value, key, label] of [
    [w.nationalId, w.nationalId && keys.nationalId(w.nationalId), 'national id'],
    [w.registryNumber, w.registryNumber && keys.registryNumber(w.registryNumber), 'registry number'],
  ] as const) {
    if (!value || !key) continue
    const guard = await getItem<{ workerId: string }>(key)
    if (guard && guard.workerId !== self) throw await duplicateOf(guard.workerId, label)
  }
}

/**
 * A scoped user learns that the identifier is taken, never the id of a holder outside their area. Naming
 * the holder answers "who has this national id": a read of that worker, traced before the answer leaves.
 */
async function duplicateOf(holderId: string, label: string) {
  const scope = await scopePath()
  const holder = scope ? await getItem<Pick<WorkerInfo, 'path'>>(keys.worker(holderId)) : undefined
  if (!scope || holder?.path.startsWith(scope)) {
    await recordRead({ action: 'worker.read', entityType: 'worker', entityId: holderId, via: '409 worker.duplicate' })
    return duplicate(holderId, label)
  }
  return new AppError(409, 'worker.duplicate', `A health worker with this ${label} is already registered, outside your area`, { outsideYourArea: true })
}

export const duplicate = (existingId: string, label = 'national id') =>
  new AppError(409, 'worker.duplicate', `A health worker with this ${label} is already registered`, { existingId })

/**
 * A probable duplicate: same birth date and sex, and a name within two edits (or the names swapped).
 * Candidates outside a scoped user's subtree are counted, not shown.
 */
export async function probableDuplicates(w: Pick<WorkerInfo, 'birthDate' | 'sex' | 'givenName' | 'familyName'>, self?: string) {
  const cohort = await queryAll<WorkerInfo>({ index: 'gsi4', partition: keys.birthCohortPartition(w.birthDate, w.sex) }, 500)
  const name = normalizeName(`${w.familyName} ${w.givenName}`)
  const swapped = normalizeName(`${w.givenName} ${w.familyName}`)
  const similar = cohort.filter((c) => c.id !== self && (editDistance(fullName(c), name, 2) <= 2 || fullName(c) === swapped))
  const scope = await scopePath()
  const visible = similar.filter((c) => !scope || c.path.startsWith(scope))
  return { candidates: visible.slice(0, 10).map(candidate), hidden: similar.length - visible.length }
}

/** What a registrar needs to recognise a person, and nothing more. */
const candidate = (c: WorkerInfo) => ({ id: c.id, givenName: c.givenName, familyName: c.familyName, birthDate: c.birthDate, sex: c.sex, nationalId: c.nationalId, status: c.status, facilityId: c.facilityId })

/** The 409 that shows the candidates: showing them is a read of those people, traced before the answer leaves. */
export async function probableDuplicate(probable: Awaited<ReturnType<typeof probableDuplicates>>) {
  await recordBulkRead('worker.candidates', probable.candidates.map((c) => c.id), '409 worker.probable_duplicate')
  return new AppError(409, 'worker.probable_duplicate', 'This person may be registered already: review the candidates, or confirm to register anyway', {
    candidates: probable.candidates,
    outsideYourArea: probable.hidden,
  })
}
