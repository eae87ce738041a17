import { useTenant } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { countItems, getItem, query } from '../db/read'
import { commit, type Write } from '../db/write'
import { startJob } from '../../jobs'
import { AppError, versionMismatch } from '../error'
import { bumped } from '../util/entity'
import { workerWrites } from '../worker/item'
import type { WorkerInfo } from '../worker/schema'
import { newJob, type JobRecord } from '../../jobs/record'
import type { StepOutcome } from '../../jobs/runner'
import { get, orgUnitItem } from './index'
import type { OrgUnitInfo } from './schema'

/** Records rewritten in one step: a few seconds of conditional writes, well inside a runner's lease. */
const PAGE = 50
const PARALLEL = 10

type MoveInput = { unitId: string; oldPath: string; newPath: string; shift: number }
type MoveCheckpoint = { phase: 'counting' | 'units' | 'workers'; done: number; total: number | null }

/**
 * Moves a unit (with everything below it) under another parent. Paths are materialised, so every node and
 * every worker in the subtree is rewritten: the unit itself here, in the request, with the audit event and
 * the job that rewrites the rest (`moveStep`). From that moment the tree is right (children are listed by
 * parent, and only the unit's parent changed); searches by path — a subtree's facilities, the workers
 * under a unit — catch up as the job runs, units first, then workers. The job's phase says which.
 * One move at a time per country: two overlapping moves could each miss what the other rewrote.
 */
export async function move(id: string, version: number, parentId: string) {
  const unit = await get(id)
  if (unit.version !== version) throw versionMismatch(unit.version)
  const parent = await get(parentId).catch(() => {
    throw new AppError(400, 'orgunit.parent_not_found', 'The new parent does not exist', { field: 'parentId' })
  })
  if (parent.kind !== 'unit') throw new AppError(400, 'orgunit.parent_is_facility', 'A facility cannot contain other units', { field: 'parentId' })
  if (parent.path.startsWith(unit.path)) throw new AppError(400, 'orgunit.cycle', 'A unit cannot move under itself', { field: 'parentId' })
  if (unit.parentId === parentId) throw new AppError(400, 'orgunit.same_parent', 'The unit is already there', { field: 'parentId' })
  const input: MoveInput = { unitId: id, oldPath: unit.path, newPath: `${parent.path}${id}/`, shift: parent.depth + 1 - unit.depth }
  const moved: OrgUnitInfo = { ...unit, parentId, path: input.newPath, depth: unit.depth + input.shift, ...bumped(unit) }
  const { job, write } = newJob('orgunit.move', useTenant(), id, input, { cancellable: false })
  return startJob(
    job,
    [
      { put: orgUnitItem(moved), when: { version }, conflict: () => versionMismatch() },
      { put: { ...keys.jobLock(useTenant(), 'orgunit.move'), jobId: job.id }, when: 'absent', conflict: () => new AppError(409, 'orgunit.move_running', 'Another move is under way in this country; wait until it has finished') },
      write,
    ],
    { action: 'orgunit.move', entityType: unit.kind === 'unit' ? 'orgunit' : 'facility', entityId: id, before: unit, after: { ...moved, jobId: job.id } },
  )
}

/**
 * One step of a move: the first page of units (then workers) still under the old path, each rewritten
 * conditionally on the version read. What a step rewrote has left the old path, so a step repeated after a
 * crash finds only what is left: every record is moved exactly once. A record changed meanwhile is read
 * again and moved as it now is.
 */
export async function moveStep(job: JobRecord): Promise<StepOutcome> {
  const input = job.input as MoveInput
  const at = (job.checkpoint as MoveCheckpoint | undefined) ?? { phase: 'counting', done: 0, total: null }
  if (at.phase === 'counting') {
    const total = (await countUnder(keys.orgUnitPath('').gsi2pk, input.oldPath)) + (await countUnder(keys.workerPathPartition(), input.oldPath))
    return outcome({ phase: 'units', done: 0, total })
  }
  const partition = at.phase === 'units' ? keys.orgUnitPath('').gsi2pk : keys.workerPathPartition()
  const page = await query<Record<string, unknown>>({ index: 'gsi2', partition, prefix: input.oldPath, limit: PAGE })
  if (page.items.length === 0) {
    if (at.phase === 'units') return outcome({ ...at, phase: 'workers' })
    const result = { nodes: await countUnder(keys.orgUnitPath('').gsi2pk, input.newPath), workers: await countUnder(keys.workerPathPartition(), input.newPath) }
    return { checkpoint: at, phase: 'done', progress: { done: at.done, total: at.done }, cancellable: false, finished: { result } }
  }
  let moved = 0
  for (let i = 0; i < page.items.length; i += PARALLEL)
    moved += (await Promise.all(page.items.slice(i, i + PARALLEL).map((item) => (at.phase === 'units' ? moveUnit : moveWorker)(strip(item), input)))).filter(Boolean).length
  return outcome({ ...at, done: at.done + moved })
}

const outcome = (at: MoveCheckpoint): StepOutcome => ({ checkpoint: at, phase: at.phase, progress: { done: at.done, total: at.total === null ? null : Math.max(at.total, at.done) }, cancellable: false })
const rebase = (path: string, input: MoveInput) => input.newPath + path.slice(input.oldPath.length)

/** Rewrites one record if it is still under the old path; false when another step (or run) already did. */
async function rewrite<T extends { version: number; path: string }>(first: T, input: MoveInput, reload: () => Promise<T | undefined>, writes: (current: T) => Write[]) {
  let current: T | undefined = first
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!current || !current.path.startsWith(input.oldPath)) return false
    try {
      await commit(writes(current))
      return true
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'version.mismatch')) throw error
      current = await reload()
    }
  }
  throw new AppError(503, 'service.unavailable', 'A record under the moved unit keeps changing; the move will try again')
}

const moveUnit = (node: OrgUnitInfo, input: MoveInput) =>
  rewrite(node, input, async () => {
    const item = await getItem(keys.orgUnit(node.id))
    return item ? strip<OrgUnitInfo>(item) : undefined
  }, (n) => [
    { put: orgUnitItem({ ...n, path: rebase(n.path, input), depth: n.depth + input.shift, ...bumped(n) }), when: { version: n.version }, conflict: () => versionMismatch() },
  ])

const moveWorker = (worker: WorkerInfo, input: MoveInput) =>
  rewrite(worker, input, async () => {
    const item = await getItem(keys.worker(worker.id))
    return item ? strip<WorkerInfo>(item) : undefined
  }, (w) => workerWrites({ ...w, path: rebase(w.path, input), ...bumped(w) }, { version: w.version }))

/** How many index entries lie under a path prefix (a COUNT query: nothing is read out). */
const countUnder = (partition: string, prefix: string) => countItems({ index: 'gsi2', partition, prefix })
