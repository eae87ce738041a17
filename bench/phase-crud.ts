import { DeleteItemCommand, GetItemCommand, PutItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { withActor } from '../functions/core/actor'
import { auditItem } from '../functions/core/audit/event'
import { config } from '../functions/core/config'
import { dynamo } from '../functions/core/db/client'
import { keys } from '../functions/core/db/keys'
import { toAttr } from '../functions/core/db/marshal'
import { workerWrites } from '../functions/core/worker/item'
import type { WorkerInfo } from '../functions/core/worker/schema'
import { call, request } from './context'
import type { Country } from './data'
import { captureNext, dollarsPerMillion, metered, type Metered } from './meter'
import { compare, type Row } from './stats'

/**
 * GET, create (with Idempotency-Key, as the console sends it) and PATCH (If-Match) of a worker in the large
 * country, as a country-wide registrar and as a district manager, each timed in alternation with the raw
 * operation it cannot avoid (GetItem of the item; PutItem of an item of the same size). Round trips and
 * consumed capacity per request come from the bench's meter on the DynamoDB client.
 */
const fmtCost = (m: Metered) => `${m.calls.toFixed(1)} round trips (${Object.entries(m.byCommand).map(([k, v]) => `${v.toFixed(1)} ${k}`).join(', ')}); ${m.read.toFixed(1)} RCU + ${m.write.toFixed(1)} WCU = $${dollarsPerMillion(m).toFixed(2)}/M`
export type CostRow = { operation: string; m: Metered; floor?: Metered }

export async function crudPhase(large: Country, runs: number) {
  const rows: Row[] = []
  const costs: CostRow[] = []
  const sys = (f: () => unknown) => withActor({ kind: 'system', requestId: 'b', reason: 'b', tenantId: large.id }, f as () => any)
  const manager = large.managers[0]!
  const district = large.districts.find((d) => d.id === manager.districtId)!
  const facility = large.facilities.find((f) => f.parentId === district.id)!
  const inDistrict = (await request('GET', `/api/v1/workers?orgUnitId=${district.id}&limit=1`, large.token)).items[0]
  const rawKey = toAttr(sys(() => keys.worker(inDistrict.id)) as Record<string, unknown>)
  const rawGet = () => dynamo().send(new GetItemCommand({ TableName: config.table, Key: rawKey, ConsistentRead: true }))
  const full = (await request('GET', `/api/v1/workers/${inDistrict.id}`, large.token))
  let raw = 0
  const rawPut = () => dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr({ ...full, pk: `T#${large.id}#BENCHRAW#${raw++}`, sk: 'W' }) }))
  // the floor of a read: the item, and its audit event (which must exist before the data leaves)
  const floorRead = async () => {
    await rawGet()
    await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(sys(() => auditItem({ action: 'worker.read', entityType: 'worker', entityId: inDistrict.id })) as Record<string, unknown>) }))
  }
  // the floor of a write: the worker item with its six index entries (the searches need each), and its audit event
  const floorKeys: Record<string, unknown>[] = []
  const floorWrite = async () => {
    const put = (sys(() => workerWrites({ ...full, id: `${full.id}F${floorKeys.length}` } as WorkerInfo, 'absent'))[0] as { put: Record<string, unknown> }).put
    floorKeys.push({ pk: put.pk, sk: put.sk })
    await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(put) }))
    await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(sys(() => auditItem({ action: 'worker.create', entityType: 'worker', entityId: inDistrict.id, after: full })) as Record<string, unknown>) }))
  }
  const floors = { read: await metered(floorRead, 10), write: await metered(floorWrite, 10) }
  for (const key of floorKeys) await dynamo().send(new DeleteItemCommand({ TableName: config.table, Key: toAttr(key) }))
  let n = 0
  // a birth date of its own for each new worker: a date shared with an earlier one (the dates repeated every
  // 360 creates) made a probable duplicate of it, a 409, and stopped the phase in the 100,000-worker run
  const bornOn = (k: number) => new Date(Date.UTC(1950, 0, 1) + k * 86_400_000).toISOString().slice(0, 10)
  for (const [role, token] of [['registrar (country-wide)', () => large.token], ['district manager', () => manager.token]] as const) {
    const get = () => request('GET', `/api/v1/workers/${inDistrict.id}`, token())
    const create = () =>
      request('POST', '/api/v1/workers', token(), { givenName: `Bench${n}`, familyName: `Create${n}`, sex: n % 2 ? 'female' : 'male', birthDate: bornOn(n), cadreId: large.cadres[0]!.id, orgUnitId: facility.id }, { 'idempotency-key': `bench-create-${n++}-${Date.now()}` })
    const target = await request('POST', '/api/v1/workers', large.token, { givenName: 'Patch', familyName: `Target ${role}`, sex: 'female', birthDate: '1980-02-03', cadreId: large.cadres[0]!.id, orgUnitId: facility.id, confirmNotDuplicate: true })
    let version = target.version as number
    const patch = async () => {
      const res = await call('PATCH', `/api/v1/workers/${target.id}`, token(), { otherNames: `Edit ${n++}` }, { 'if-match': `"${version}"` })
      version = res.body.version
    }
    for (const [op, subject, baseline, base, max, floor] of [
      ['GET worker', get, rawGet, 'GetItem', 3, floors.read],
      ['create worker (Idempotency-Key)', create, rawPut, 'PutItem', 5, floors.write],
      ['PATCH worker (If-Match)', patch, rawPut, 'PutItem', undefined, floors.write],
    ] as const) {
      const t = await compare(subject, baseline, runs, 30)
      const m = await metered(subject, 20)
      costs.push({ operation: `${op}, ${role}`, m, floor })
      const ratio = t.subject.p50 / t.baseline.p50
      rows.push({
        section: 'requests', benchmark: `${op}, ${role}, vs ${base}`, value: t.subject.p50, unit: 'ms p50', baseline: t.baseline.p50, ratio,
        ...(max ? { target: `≤ ${max}×`, pass: ratio <= max } : {}),
        note: `p95 ${t.subject.p95.toFixed(1)}, p99 ${t.subject.p99.toFixed(1)} ms (${base} p99 ${t.baseline.p99.toFixed(1)}); ${fmtCost(m)}; floor (${floor === floors.read ? 'GetItem + audit PutItem' : 'PutItem of the worker with its index keys + audit PutItem'}) ${floor.read.toFixed(1)} RCU + ${floor.write.toFixed(1)} WCU`,
        data: { p95: t.subject.p95, p99: t.subject.p99, baselineP99: t.baseline.p99, metered: m, floor },
      })
      if (op.startsWith('create') && role.startsWith('registrar')) rows.push(await ownTransaction(create, rawPut, runs))
    }
  }
  return { rows, costs, sample: inDistrict.id as string }
}

/**
 * What DynamoDB itself is asked to do for a create: the transaction one create sent (the worker with its index
 * keys, its first deployment, their audit events, the idempotency record), sent again raw with its items overwritten in place (the
 * puts' conditions dropped, as they now exist), timed in alternation with the create. The create's ratio to
 * PutItem is this transaction's ratio to PutItem times what the API adds around it.
 */
async function ownTransaction(create: () => Promise<unknown>, rawPut: () => Promise<unknown>, runs: number): Promise<Row> {
  const sent = captureNext('TransactWriteItemsCommand')
  await create()
  const items = ((await sent).TransactItems as TransactWriteItem[]).map(({ Put, ...rest }) => (Put ? { Put: { TableName: Put.TableName, Item: Put.Item } } : rest))
  const raw = () => dynamo().send(new TransactWriteItemsCommand({ TransactItems: items }))
  const own = await compare(create, raw, runs, 30)
  const put = await compare(raw, rawPut, runs, 30)
  return {
    section: 'requests', benchmark: `create's own transaction sent raw (${items.length} items), vs PutItem, for information`, value: put.subject.p50, unit: 'ms p50', baseline: put.baseline.p50, ratio: put.subject.p50 / put.baseline.p50,
    note: `the create is ${(own.subject.p50 / own.baseline.p50).toFixed(2)}× this transaction (${own.subject.p50.toFixed(1)} vs ${own.baseline.p50.toFixed(1)} ms p50): ${(own.subject.p50 - own.baseline.p50).toFixed(1)} ms is the API's own (reads, checks, token, validation, rate count)`,
  }
}
