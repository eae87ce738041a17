import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { useTenant } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { fromAttr, toAttr, type Item } from '../db/marshal'
import { contributionOf, deltas, type Contribution, type WorkerState } from './cells'

/**
 * Aggregates are derived data, not records: they carry no audit event (the changes that move them do) and
 * are written here, not through commit(), because a count moves with an atomic ADD that commit() does not
 * express. Every read that decides a move is strongly consistent.
 */
const table = () => config.table

export async function consistentQuery(pk: string, prefix?: string): Promise<Item[]> {
  const items: Item[] = []
  let start: Record<string, any> | undefined
  do {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
        ExpressionAttributeValues: toAttr(prefix ? { ':pk': pk, ':p': prefix } : { ':pk': pk }),
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    )
    items.push(...(out.Items ?? []).map((i) => fromAttr(i)))
    start = out.LastEvaluatedKey
  } while (start)
  return items
}

async function consistentGet(key: { pk: string; sk: string }) {
  const out = await dynamo().send(new GetItemCommand({ TableName: table(), Key: toAttr(key), ConsistentRead: true }))
  return out.Item ? fromAttr(out.Item) : undefined
}

/** A worker's own partition (one query) and its facility: everything its contribution depends on. */
export async function workerState(workerId: string): Promise<WorkerState> {
  const state = await partitionState(workerId)
  const facilityId = state.worker?.facilityId
  if (facilityId) state.facility = (await consistentGet(keys.orgUnit(facilityId))) as WorkerState['facility']
  return state
}

/** The worker's own partition, without its facility (which a batch reads once for many workers). */
export async function partitionState(workerId: string): Promise<WorkerState> {
  const items = await consistentQuery(keys.workerPartition(workerId).pk)
  const state: WorkerState = { licences: [], deployments: [], exits: [] }
  for (const i of items) {
    const sk = String(i.sk)
    if (sk === 'W') state.worker = i as unknown as WorkerState['worker']
    else if (sk.startsWith('LIC#')) state.licences.push(i as never)
    else if (sk.startsWith('DEP#')) state.deployments.push(i as never)
    else if (sk.startsWith('EXT#')) state.exits.push(i as never)
  }
  return state
}

export interface StoredContribution extends Contribution {
  version: number
}

export const sameContribution = (a: Contribution, b: Contribution) => a.due === b.due && a.cells.length === b.cells.length && a.cells.every((c, i) => c === b.cells[i])

/**
 * Recomputes one worker's contribution from its current state and moves its counts if it changed.
 * Idempotent and order-safe by construction: the stream record only says *which* worker to look at; what is
 * counted is read now. The contribution is read before the state and written on the condition that it did
 * not change meanwhile, so of two concurrent applications the one that read older state loses and retries.
 * Returns whether anything moved.
 */
export async function applyWorker(workerId: string, today = new Date().toISOString().slice(0, 10), source?: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const stored = (await consistentGet(keys.contribution(workerId))) as (StoredContribution & Item) | undefined
    const next = contributionOf(await workerState(workerId), useTenant(), today)
    const before: Contribution = { cells: stored?.cells ?? [], due: stored?.due }
    if (sameContribution(before, next)) return false
    try {
      await moveContribution(workerId, stored, next, source)
      return true
    } catch (error) {
      const name = (error as { name?: string }).name
      if (name !== 'TransactionCanceledException' || attempt >= 8) throw error
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)))
    }
  }
}

/**
 * Writes a worker's contribution without moving any cell: the rebuild's first phase, whose repair then sets
 * every cell to the sum of the contributions. Moving cells here would make every worker of a country add to
 * the same few hot cells, each a transaction that conflicts with the others (32 workers/s at 100,000).
 * Conditional on the version read, like a move: false when a concurrent application got there first.
 */
export async function recordContribution(workerId: string, stored: StoredContribution | undefined, next: Contribution, source?: string): Promise<boolean> {
  try {
    await dynamo().send(
      new PutItemCommand({
        TableName: table(),
        Item: toAttr(contributionRecord(workerId, stored, next, source)),
        ...(stored ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: toAttr({ ':v': stored.version }) } : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    )
    return true
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
    return false
  }
}

const contributionRecord = (workerId: string, stored: StoredContribution | undefined, next: Contribution, source?: string) => ({
  ...keys.contribution(workerId),
  ...(next.due ? keys.contributionDue(next.due, workerId) : {}),
  cells: next.cells,
  due: next.due,
  version: (stored?.version ?? 0) + 1,
  appliedAt: new Date().toISOString(),
  source,
})


async function moveContribution(workerId: string, stored: StoredContribution | undefined, next: Contribution, source?: string) {
  const moves = deltas(stored?.cells ?? [], next.cells)
  if (moves.size > 99) throw new Error(`worker ${workerId} moves ${moves.size} cells at once`)
  const record = contributionRecord(workerId, stored, next, source)
  const items: TransactWriteItem[] = [
    {
      Put: {
        TableName: table(),
        Item: toAttr(record),
        ...(stored
          ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: toAttr({ ':v': stored.version }) }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
  ]
  for (const [cell, n] of moves) {
    items.push({
      Update: {
        TableName: table(),
        Key: toAttr(keys.aggregateCell(cell)),
        // `v` counts the changes of a cell: the rebuild's repair writes a cell only if no move came in between
        UpdateExpression: 'ADD n :n, v :one',
        ExpressionAttributeValues: toAttr({ ':n': n, ':one': 1 }),
      },
    })
  }
  await dynamo().send(new TransactWriteItemsCommand({ TransactItems: items }))
}

export type CellCounts = Map<string, number>

/** Every non-empty cell of the actor's tenant: O(cells), never O(workers). */
export async function readCells(): Promise<CellCounts> {
  const out: CellCounts = new Map()
  for (const i of await consistentQuery(keys.aggregateCells())) {
    const n = Number(i.n ?? 0)
    if (n !== 0) out.set(String(i.sk), n)
  }
  return out
}

/** When the consumer last applied a change of this tenant, and the time of the newest change it applied. */
export async function noteApplied(changeAt: string, sequence?: string) {
  const now = new Date().toISOString()
  try {
    await dynamo().send(
      new UpdateItemCommand({
        TableName: table(),
        Key: toAttr(keys.aggregateStatus()),
        UpdateExpression: 'SET appliedAt = :now, lastChangeAt = :c, lagMs = :lag, lastSequence = :s',
        ConditionExpression: 'attribute_not_exists(lastChangeAt) OR lastChangeAt <= :c',
        ExpressionAttributeValues: toAttr({ ':now': now, ':c': changeAt, ':lag': Math.max(0, Date.parse(now) - Date.parse(changeAt)), ':s': sequence ?? '' }),
      }),
    )
  } catch (error) {
    // a newer change was noted already: nothing to do
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
  }
}

export async function aggregateStatus() {
  const item = await consistentGet(keys.aggregateStatus())
  return {
    appliedAt: (item?.appliedAt as string | undefined) ?? null,
    lastChangeAt: (item?.lastChangeAt as string | undefined) ?? null,
    lagMs: (item?.lagMs as number | undefined) ?? null,
  }
}
