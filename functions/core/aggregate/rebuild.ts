import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { useTenant } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { toAttr } from '../db/marshal'
import { mapLimited } from '../util/limited'
import { contributionOf } from './cells'
import { allWorkerIds } from './registry'
import { applyWorker, consistentQuery, workerState, type CellCounts } from './store'

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

export interface RebuildProgress {
  phase: 'workers' | 'cells'
  done: number
  total: number
}

/**
 * Rebuilds a tenant's aggregates from its registry, safely while the stream consumer runs:
 * 1. every worker's contribution is recomputed (as the consumer does), which corrects any stale one;
 * 2. every cell is set to the sum of the contributions, each write conditional on the cell's change
 *    counter (`v`) being the one read, so a move that lands meanwhile is never overwritten (the round is
 *    repeated instead). Resumable: both steps are idempotent, `from` skips the workers already done.
 */
export async function rebuild(options: { day?: string; from?: string; onProgress?: (p: RebuildProgress) => Promise<void> | void } = {}) {
  const day = options.day ?? today()
  const ids = (await allWorkerIds()).filter((id) => !options.from || id > options.from)
  let moved = 0
  let done = 0
  await mapLimited(ids, 6, async (id) => {
    if (await applyWorker(id, day, 'rebuild')) moved++
    if (++done % 200 === 0) await options.onProgress?.({ phase: 'workers', done, total: ids.length })
  })
  await options.onProgress?.({ phase: 'workers', done, total: ids.length })
  let repaired = 0
  for (let round = 0; ; round++) {
    const { fixed, conflicts } = await repairCells()
    repaired += fixed
    if (!conflicts) break
    if (round >= 5) throw new Error('the aggregates kept changing during the rebuild: run it again')
  }
  await options.onProgress?.({ phase: 'cells', done: 1, total: 1 })
  return { workers: ids.length, moved, repaired }
}

async function repairCells() {
  const cells = new Map<string, { n: number; v: number }>()
  for (const i of await consistentQuery(keys.aggregateCells())) cells.set(String(i.sk), { n: Number(i.n ?? 0), v: Number(i.v ?? 0) })
  const expected: CellCounts = new Map()
  for (const c of await consistentQuery(keys.contributions()))
    for (const cell of (c.cells as string[] | undefined) ?? []) expected.set(cell, (expected.get(cell) ?? 0) + 1)
  let fixed = 0
  let conflicts = 0
  for (const cell of new Set([...cells.keys(), ...expected.keys()])) {
    const have = cells.get(cell)
    const want = expected.get(cell) ?? 0
    if ((have?.n ?? 0) === want) continue
    try {
      await dynamo().send(
        new UpdateItemCommand({
          TableName: config.table,
          Key: toAttr(keys.aggregateCell(cell)),
          UpdateExpression: 'SET n = :n, v = :next',
          ConditionExpression: have ? 'v = :v' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: toAttr({ ':n': want, ':next': (have?.v ?? 0) + 1, ...(have ? { ':v': have.v } : {}) }),
        }),
      )
      fixed++
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
      conflicts++
    }
  }
  return { fixed, conflicts }
}
