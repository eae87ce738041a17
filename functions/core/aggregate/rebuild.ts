import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { useTenant } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { toAttr, type Item } from '../db/marshal'
import { batchGet, countItems, query } from '../db/read'
import { mapLimited } from '../util/limited'
import { contributionOf, type FacilityItem } from './cells'
import { allWorkerIds } from './registry'
import { consistentQuery, partitionState, recordContribution, sameContribution, workerState, type CellCounts, type StoredContribution } from './store'

const today = () => new Date().toISOString().slice(0, 10)

/** The cells as the registry says they should be now, computed from the raw records alone. */
export async function countFromRegistry(day = today()): Promise<CellCounts> {
  const counts: CellCounts = new Map()
  const tenantId = useTenant()
  await mapLimited(await allWorkerIds(), 8, async (id) => {
    for (const cell of contributionOf(await workerState(id), tenantId, day).cells) counts.set(cell, (counts.get(cell) ?? 0) + 1)
  })
  return counts
}

/** Workers recounted in one step: a few seconds of reads, well inside a job runner's lease. */
const PAGE = 400
const PARALLEL = 16

export interface RebuildCheckpoint {
  /** counting the workers; recounting those on the path index; then those counted but gone (merged, deleted); then the cells */
  phase: 'counting' | 'workers' | 'gone' | 'cells'
  /** where the current phase's listing stands */
  cursor: string | null
  done: number
  total: number | null
  moved: number
}
export interface RebuildResult {
  workers: number
  moved: number
  repaired: number
}

export const rebuildStart = (): RebuildCheckpoint => ({ phase: 'counting', cursor: null, done: 0, total: null, moved: 0 })

/**
 * One step of a rebuild of the actor's tenant's aggregates from its registry, safe while the stream consumer
 * runs and resumable from any checkpoint (every step is idempotent):
 * 1. every worker's contribution is recomputed from its records and written where it differs, cells untouched;
 * 2. every cell is set to the sum of the contributions, each write conditional on the cell's change counter
 *    (`v`) being the one read, so a move that lands meanwhile is never overwritten (the round is repeated).
 * Between the two the cells may disagree with the contributions; the consumer's moves are deltas between
 * contributions, so they neither widen nor hide the gap, and step 2 closes it.
 */
export async function rebuildStep(at: RebuildCheckpoint, day = today()): Promise<{ at: RebuildCheckpoint; finished?: RebuildResult }> {
  if (at.phase === 'counting') return { at: { ...at, phase: 'workers', total: await countItems({ index: 'gsi2', partition: keys.workerPathPartition(), prefix: '/' }) } }
  if (at.phase === 'cells') {
    let repaired = 0
    for (let round = 0; ; round++) {
      const { fixed, conflicts } = await repairCells()
      repaired += fixed
      if (!conflicts) break
      if (round >= 5) throw new Error('the aggregates kept changing during the rebuild: run it again')
    }
    return { at, finished: { workers: at.done, moved: at.moved, repaired } }
  }
  const listing = at.phase === 'workers' ? await onPathIndex(at.cursor) : await countedButGone(at.cursor)
  const moved = await recount(listing.ids, day)
  const next = { ...at, cursor: listing.cursor, done: at.done + listing.ids.length, moved: at.moved + moved }
  if (next.total !== null) next.total = Math.max(next.total, next.done)
  if (listing.cursor) return { at: next }
  return { at: { ...next, phase: at.phase === 'workers' ? 'gone' : 'cells', cursor: null } }
}

/** A page of the workers on the path index: every worker not merged away. */
async function onPathIndex(cursor: string | null) {
  const page = await query<{ id: string }>({ index: 'gsi2', partition: keys.workerPathPartition(), prefix: '/', limit: PAGE, cursor })
  return { ids: page.items.map((i) => i.id), cursor: page.cursor }
}

/** A page of the contributions whose worker has left the path index since it was counted (merged, deleted). */
async function countedButGone(cursor: string | null) {
  const page = await query<{ sk: string; cells?: string[] }>({ partition: keys.contributions(), limit: PAGE, cursor })
  const counted = page.items.filter((c) => c.cells?.length).map((c) => c.sk)
  const present = new Set((await batchGet<Item>(counted.map(keys.worker))).filter((w) => w.gsi2pk !== undefined).map((w) => String(w.id)))
  return { ids: counted.filter((id) => !present.has(id)), cursor: page.cursor }
}

/**
 * Recomputes the contributions of a page of workers: their stored contributions read first (a batch), then
 * their records and facilities, so no state read is older than the contribution it replaces. A worker that a
 * concurrent application wrote meanwhile is recounted alone. Returns how many contributions changed.
 */
async function recount(ids: string[], day: string): Promise<number> {
  if (!ids.length) return 0
  const tenantId = useTenant()
  const stored = new Map((await batchGet<StoredContribution & Item>(ids.map(keys.contribution))).map((c) => [String(c.sk), c]))
  const states = await mapLimited(ids, PARALLEL, partitionState)
  const facilityIds = [...new Set(states.flatMap((s) => (s.worker?.facilityId ? [s.worker.facilityId] : [])))]
  const facilities = new Map((await batchGet<FacilityItem & Item>(facilityIds.map(keys.orgUnit))).map((f) => [String(f.sk), f]))
  const changed = await mapLimited(ids.map((id, i) => ({ id, state: states[i]! })), PARALLEL, async ({ id, state }) => {
    if (state.worker?.facilityId) state.facility = facilities.get(state.worker.facilityId)
    const next = contributionOf(state, tenantId, day)
    const before = stored.get(id)
    if (sameContribution({ cells: before?.cells ?? [], due: before?.due }, next)) return false
    return (await recordContribution(id, before, next, 'rebuild')) || recountAlone(id, day)
  })
  return changed.filter(Boolean).length
}

async function recountAlone(workerId: string, day: string): Promise<boolean> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const [stored] = await batchGet<StoredContribution & Item>([keys.contribution(workerId)])
    const next = contributionOf(await workerState(workerId), useTenant(), day)
    if (sameContribution({ cells: stored?.cells ?? [], due: stored?.due }, next)) return false
    if (await recordContribution(workerId, stored, next, 'rebuild')) return true
  }
  throw new Error(`worker ${workerId} kept changing during the rebuild`)
}

/** Rebuilds to the end in this process (the demo data, tests); a country's rebuild runs as a job (./job.ts). */
export async function rebuild(options: { day?: string; onProgress?: (p: { phase: string; done: number; total: number | null }) => Promise<void> | void } = {}): Promise<RebuildResult> {
  let at = rebuildStart()
  for (;;) {
    const step = await rebuildStep(at, options.day)
    if (step.finished) return step.finished
    at = step.at
    await options.onProgress?.({ phase: at.phase, done: at.done, total: at.total })
  }
}

/** Sets every cell to the sum of the contributions; contributions are summed a page at a time. */
async function repairCells() {
  // cells first, contributions after: a move between the two reads changes a cell's `v`, and its write then fails
  const cells = new Map<string, { n: number; v: number }>()
  for (const i of await consistentQuery(keys.aggregateCells())) cells.set(String(i.sk), { n: Number(i.n ?? 0), v: Number(i.v ?? 0) })
  const expected: CellCounts = new Map()
  let cursor: string | null = null
  do {
    const page: { items: { cells?: string[] }[]; cursor: string | null } = await query<{ cells?: string[] }>({ partition: keys.contributions(), limit: 1000, cursor, consistent: true })
    for (const c of page.items) for (const cell of c.cells ?? []) expected.set(cell, (expected.get(cell) ?? 0) + 1)
    cursor = page.cursor
  } while (cursor)
  let fixed = 0
  let conflicts = 0
  const wrong = [...new Set([...cells.keys(), ...expected.keys()])].filter((cell) => (cells.get(cell)?.n ?? 0) !== (expected.get(cell) ?? 0))
  await mapLimited(wrong, PARALLEL, async (cell) => {
    const have = cells.get(cell)
    try {
      await dynamo().send(
        new UpdateItemCommand({
          TableName: config.table,
          Key: toAttr(keys.aggregateCell(cell)),
          UpdateExpression: 'SET n = :n, v = :next',
          ConditionExpression: have ? 'v = :v' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: toAttr({ ':n': expected.get(cell) ?? 0, ':next': (have?.v ?? 0) + 1, ...(have ? { ':v': have.v } : {}) }),
        }),
      )
      fixed++
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
      conflicts++
    }
  })
  return { fixed, conflicts }
}
