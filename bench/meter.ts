import { dynamo } from '../functions/core/db/client'

/**
 * A bench-side middleware on the process's DynamoDB client: counts round trips, asks every data command for
 * its consumed capacity (`ReturnConsumedCapacity: INDEXES`, table and each index apart) and counts the items
 * a query read. Production code is untouched: the bench adds this to the same client the API uses.
 * Rate-limit bucket writes are counted apart: they are batched per instance, not paid per request.
 */
export type Tally = { calls: number; byCommand: Record<string, number>; read: number; write: number; byTarget: Record<string, number>; itemsRead: number; rate: number }
const fresh = (): Tally => ({ calls: 0, byCommand: {}, read: 0, write: 0, byTarget: {}, itemsRead: 0, rate: 0 })
let tally = fresh()
let installed = false
let capturing: { name: string; resolve: (input: Record<string, unknown>) => void } | undefined

/** The input of the next `name` command the process sends (installMeter first), as it was sent. */
export function captureNext(name: string) {
  return new Promise<Record<string, unknown>>((resolve) => (capturing = { name, resolve }))
}
const withCapacity = new Set(['GetItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'TransactGetItemsCommand'])

type Capacity = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number; Table?: Capacity; GlobalSecondaryIndexes?: Record<string, Capacity> }

function add(c: Capacity | undefined, writes: boolean) {
  if (!c) return
  const units = (x?: Capacity) => (writes ? (x?.WriteCapacityUnits ?? x?.CapacityUnits ?? 0) : (x?.ReadCapacityUnits ?? x?.CapacityUnits ?? 0))
  const total = units(c)
  if (writes) tally.write += total
  else tally.read += total
  const table = units(c.Table)
  tally.byTarget[writes ? 'table (write)' : 'table (read)'] = (tally.byTarget[writes ? 'table (write)' : 'table (read)'] ?? 0) + table
  for (const [name, cap] of Object.entries(c.GlobalSecondaryIndexes ?? {})) {
    const key = `${name} (${writes ? 'write' : 'read'})`
    tally.byTarget[key] = (tally.byTarget[key] ?? 0) + units(cap)
  }
}

export function installMeter() {
  if (installed) return
  installed = true
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?'
      const input = args.input as Record<string, unknown>
      const isRate = JSON.stringify(input.Key ?? '').includes('#RATE')
      if (withCapacity.has(name)) input.ReturnConsumedCapacity = 'INDEXES'
      if (capturing?.name === name) capturing.resolve(structuredClone(input)), (capturing = undefined)
      const out = await next(args)
      if (isRate) {
        tally.rate++
        return out
      }
      tally.calls++
      tally.byCommand[name] = (tally.byCommand[name] ?? 0) + 1
      const o = out.output as { ConsumedCapacity?: Capacity | Capacity[]; ScannedCount?: number; Responses?: Record<string, unknown[]>; Item?: unknown }
      const writes = /Put|Update|Delete|Write/.test(name)
      for (const c of [o.ConsumedCapacity ?? []].flat()) add(c, writes)
      if (name === 'QueryCommand' || name === 'ScanCommand') tally.itemsRead += o.ScannedCount ?? 0
      if (name === 'GetItemCommand' && o.Item) tally.itemsRead += 1
      if (name === 'BatchGetItemCommand') tally.itemsRead += Object.values(o.Responses ?? {}).reduce((s, xs) => s + xs.length, 0)
      return out
    },
    { step: 'initialize', name: 'benchMeter' },
  )
}

/** Runs `fn` `runs` times one after another and returns the mean tally per call. */
export async function metered(fn: () => Promise<unknown>, runs = 20) {
  tally = fresh()
  for (let i = 0; i < runs; i++) await fn()
  const t = tally
  const per = (n: number) => n / runs
  return {
    calls: per(t.calls),
    byCommand: Object.fromEntries(Object.entries(t.byCommand).map(([k, v]) => [k.replace('Command', ''), per(v)])),
    read: per(t.read),
    write: per(t.write),
    itemsRead: per(t.itemsRead),
    byTarget: Object.fromEntries(Object.entries(t.byTarget).filter(([, v]) => v > 0).map(([k, v]) => [k, per(v)])),
  }
}
export type Metered = Awaited<ReturnType<typeof metered>>

/** On-demand prices (us-east-1, since November 2024): per million request units. */
export const PRICE = { readPerMillion: 0.125, writePerMillion: 0.625 }
export const dollarsPerMillion = (m: { read: number; write: number }) => m.read * PRICE.readPerMillion + m.write * PRICE.writePerMillion
