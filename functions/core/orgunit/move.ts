import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { queryAll } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError, versionMismatch } from '../error'
import { bumped } from '../util/entity'
import { workerWrites } from '../worker/item'
import type { WorkerInfo } from '../worker/schema'
import { get, orgUnitItem } from './index'
import type { OrgUnitInfo } from './schema'

const CHUNK = 45

/**
 * Moves a unit (with everything below it) under another parent. Paths are materialised, so every node and
 * every worker in the subtree is rewritten, in transactions of a few dozen; each is conditional on the
 * version it read, so a concurrent edit fails loudly instead of being overwritten.
 */
export async function move(id: string, version: number, parentId: string) {
  const unit = await get(id)
  if (unit.version !== version) throw versionMismatch(unit.version)
  const parent = await get(parentId).catch(() => {
    throw new AppError(400, 'orgunit.parent_not_found', 'The new parent does not exist', { field: 'parentId' })
  })
  if (parent.kind !== 'unit') throw new AppError(400, 'orgunit.parent_is_facility', 'A facility cannot contain other units', { field: 'parentId' })
  if (parent.path.startsWith(unit.path)) throw new AppError(400, 'orgunit.cycle', 'A unit cannot move under itself', { field: 'parentId' })
  const oldPath = unit.path
  const newPath = `${parent.path}${id}/`
  const shift = parent.depth + 1 - unit.depth
  const rebase = (path: string) => newPath + path.slice(oldPath.length)

  const nodes = (await queryAll<OrgUnitInfo>({ index: 'gsi2', partition: keys.orgUnitPath('').gsi2pk, prefix: oldPath }, 100_000)).map((n) => strip<OrgUnitInfo>(n))
  const workers = (await queryAll<WorkerInfo>({ index: 'gsi2', partition: keys.workerPathPartition(), prefix: oldPath }, 1_000_000)).map((w) => strip<WorkerInfo>(w))

  const writes: Write[] = []
  for (const n of nodes) {
    const next: OrgUnitInfo = { ...n, path: rebase(n.path), depth: n.depth + shift, ...(n.id === id ? { parentId } : {}), ...bumped(n) }
    writes.push({ put: orgUnitItem(next), when: { version: n.version }, conflict: () => versionMismatch() })
  }
  for (const w of workers) {
    const next: WorkerInfo = { ...w, path: rebase(w.path), ...bumped(w) }
    writes.push(...workerWrites(next, { version: w.version }))
  }
  // the moved unit itself goes first, with the audit, so the move is recorded before its consequences
  const [first, ...rest] = writes
  await commit([first!], { audit: { action: 'orgunit.move', entityType: unit.kind === 'unit' ? 'orgunit' : 'facility', entityId: id, before: unit, after: { ...unit, parentId, path: newPath, nodes: nodes.length, workers: workers.length } } })
  for (let i = 0; i < rest.length; i += CHUNK) await commit(rest.slice(i, i + CHUNK))
  return { ...(await get(id)), moved: { nodes: nodes.length, workers: workers.length } }
}
