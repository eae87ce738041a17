import { keys } from '../db/keys'
import { queryAll } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError } from '../error'
import { bumped } from '../util/entity'
import { licenceNumberKey } from '../licence'
import { load } from './index'
import { workerWrites } from './item'
import type { WorkerInfo } from './schema'

/**
 * Merges a duplicate into the record that survives. Both histories are kept: the duplicate stays readable
 * as `merged` (pointing at the survivor), its licences, deployments, training and exits move to the
 * survivor, and its identifiers then lead to the survivor. Re-running a merge that was interrupted
 * finishes moving what is left.
 */
export async function merge(survivorId: string, duplicateId: string) {
  if (survivorId === duplicateId) throw new AppError(400, 'worker.merge_self', 'Choose two different records')
  const survivor = await load(survivorId)
  const duplicate = await load(duplicateId)
  if (survivor.status === 'merged') throw new AppError(409, 'worker.merged', 'The surviving record was itself merged', { mergedInto: survivor.mergedInto })
  const resuming = duplicate.status === 'merged' && duplicate.mergedInto === survivorId
  if (duplicate.status === 'merged' && !resuming) throw new AppError(409, 'worker.merged', 'That record was merged already', { mergedInto: duplicate.mergedInto })

  let current = survivor
  if (!resuming) {
    const merged: WorkerInfo = { ...duplicate, status: 'merged', mergedInto: survivorId, ...bumped(duplicate) }
    current = { ...survivor, nationalId: survivor.nationalId ?? duplicate.nationalId, registryNumber: survivor.registryNumber ?? duplicate.registryNumber, ...bumped(survivor) }
    const writes: Write[] = [
      ...workerWrites(merged, { version: duplicate.version }),
      ...workerWrites(current, { version: survivor.version }),
    ]
    if (duplicate.nationalId) writes.push({ put: { ...keys.nationalId(duplicate.nationalId), workerId: survivorId } })
    if (duplicate.registryNumber) writes.push({ put: { ...keys.registryNumber(duplicate.registryNumber), workerId: survivorId } })
    await commit(writes, {
      audit: [
        { action: 'worker.merge', entityType: 'worker', entityId: survivorId, before: survivor, after: { ...current, mergedFrom: duplicateId } },
        { action: 'worker.merged_into', entityType: 'worker', entityId: duplicateId, before: duplicate, after: merged },
      ],
    })
  }
  const children = (await queryAll<Record<string, unknown>>({ partition: keys.workerPartition(duplicateId).pk }, 5000)).filter((c) => /^(LIC|DEP|TRN|EXT)#/.test(String(c.sk)))
  // a few transactions of moves: each child lands at the survivor and leaves the duplicate atomically
  for (let i = 0; i < children.length; i += 40) {
    const writes: Write[] = []
    for (const child of children.slice(i, i + 40)) {
      const moved = { ...child, pk: keys.workerPartition(survivorId).pk, workerId: survivorId, mergedFrom: duplicateId }
      writes.push({ put: moved as typeof moved & { sk: string } }, { delete: { pk: String(child.pk), sk: String(child.sk) } })
      if (String(child.sk).startsWith('LIC#'))
        writes.push({ put: { ...licenceNumberKey(String(child.council), String(child.number)), licenceId: child.id, workerId: survivorId } })
    }
    await commit(writes)
  }
  return { survivor: current, moved: children.length }
}
